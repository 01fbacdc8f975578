// The MariaDB part of a backup manifest: what was dumped, where, and the row counts and checksums a restore
// is checked against.
#include <utility>

#include "backend/backup/mariadb/mariadb_dump.hpp"

namespace opsdeck::backup {

nlohmann::json to_json(const MariadbDumpResult& result, const std::filesystem::path& relative_to) {
  nlohmann::json databases = nlohmann::json::array();
  for (const auto& database : result.databases) {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& object : database.objects) {
      nlohmann::json entry = {{"name", object.name}, {"kind", object.kind}};
      if (object.kind == "table") {
        entry["rows"] = object.rows;
        entry["checksum"] = object.checksum ? nlohmann::json(*object.checksum) : nlohmann::json(nullptr);
      }
      tables.push_back(std::move(entry));
    }
    databases.push_back({{"database", database.database},
                         {"file", database.file.lexically_relative(relative_to).string()},
                         {"bytes", database.bytes},
                         {"tables", std::move(tables)},
                         {"not_dumped", database.not_dumped}});
  }
  return {{"kind", "mariadb"},
          {"server", result.server},
          {"server_version", result.server_version},
          {"databases", std::move(databases)}};
}

core::Result<MariadbDumpResult> mariadb_dump_from_json(const nlohmann::json& fragment,
                                                       const std::filesystem::path& base_dir) {
  try {
    MariadbDumpResult result;
    if (fragment.at("kind").get<std::string>() != "mariadb") {
      return core::fail(core::ErrorCategory::kInvalidInput, "the manifest part is not a MariaDB dump");
    }
    result.server = fragment.at("server").get<std::string>();
    result.server_version = fragment.value("server_version", "");
    for (const auto& entry : fragment.at("databases")) {
      MariadbDatabaseDump database;
      database.database = entry.at("database").get<std::string>();
      database.file = base_dir / entry.at("file").get<std::string>();
      database.bytes = entry.value("bytes", std::uint64_t{0});
      for (const auto& table : entry.at("tables")) {
        DumpedObject object;
        object.name = table.at("name").get<std::string>();
        object.kind = table.at("kind").get<std::string>();
        object.rows = table.value("rows", std::uint64_t{0});
        if (table.contains("checksum") && table.at("checksum").is_number_unsigned()) {
          object.checksum = table.at("checksum").get<std::uint64_t>();
        }
        database.objects.push_back(std::move(object));
      }
      database.not_dumped = entry.value("not_dumped", std::vector<std::string>{});
      result.databases.push_back(std::move(database));
    }
    return result;
  } catch (const nlohmann::json::exception& error) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      std::string("the MariaDB part of the manifest is malformed: ") + error.what());
  }
}

}  // namespace opsdeck::backup
