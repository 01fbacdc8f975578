// The Redis part of a backup manifest: the file and the key counts per database and per type.
#include "backend/backup/redis/redis_backup.hpp"

namespace opsdeck::backup {

nlohmann::json to_json(const RedisDumpResult& result, const std::filesystem::path& relative_to) {
  nlohmann::json per_db = nlohmann::json::object();
  for (const auto& [db, keys] : result.keys_per_db) {
    per_db[std::to_string(db)] = keys;
  }
  return {{"kind", "redis"},
          {"server", result.server},
          {"file", result.file.lexically_relative(relative_to).string()},
          {"bytes", result.bytes},
          {"keys", result.total_keys()},
          {"keys_per_db", per_db},
          {"keys_per_type", result.keys_per_type}};
}

core::Result<RedisDumpResult> redis_dump_from_json(const nlohmann::json& fragment,
                                                   const std::filesystem::path& base_dir) {
  try {
    if (fragment.at("kind").get<std::string>() != "redis") {
      return core::fail(core::ErrorCategory::kInvalidInput, "the manifest part is not a Redis dump");
    }
    RedisDumpResult result;
    result.server = fragment.at("server").get<std::string>();
    result.file = base_dir / fragment.at("file").get<std::string>();
    result.bytes = fragment.value("bytes", std::uint64_t{0});
    for (const auto& [db, keys] : fragment.at("keys_per_db").items()) {
      result.keys_per_db[std::stoi(db)] = keys.get<std::uint64_t>();
    }
    result.keys_per_type = fragment.value("keys_per_type", std::map<std::string, std::uint64_t>{});
    return result;
  } catch (const std::exception& error) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      std::string("the Redis part of the manifest is malformed: ") + error.what());
  }
}

}  // namespace opsdeck::backup
