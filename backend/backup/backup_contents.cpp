// Reading the MariaDB and Redis parts of a manifest defensively: a field of the wrong type is left out, so a
// manifest from a newer tool still lists what it can.
#include "backend/backup/backup_contents.hpp"

namespace opsdeck::backup {
namespace {

using Json = nlohmann::json;

std::uint64_t unsigned_field(const Json& object, const char* name) {
  if (object.is_object()) {
    auto found = object.find(name);
    if (found != object.end() && found->is_number_unsigned()) {
      return found->get<std::uint64_t>();
    }
  }
  return 0;
}

std::string string_field(const Json& object, const char* name) {
  if (object.is_object()) {
    auto found = object.find(name);
    if (found != object.end() && found->is_string()) {
      return found->get<std::string>();
    }
  }
  return "";
}

const Json* array_field(const Json& object, const char* name) {
  if (!object.is_object()) {
    return nullptr;
  }
  auto found = object.find(name);
  return found != object.end() && found->is_array() ? &*found : nullptr;
}

std::string plural(std::uint64_t count, const std::string& noun) {
  return group_thousands(count) + " " + noun + (count == 1 ? "" : "s");
}

}  // namespace

std::string group_thousands(std::uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t index = 0; index < digits.size(); ++index) {
    if (index > 0 && (digits.size() - index) % 3 == 0) {
      out += ',';
    }
    out += digits[index];
  }
  return out;
}

std::string summarize_contents(const Manifest& manifest) {
  const Json& details = manifest.content.details;
  if (manifest.kind == "mariadb") {
    const Json* databases = array_field(details, "databases");
    if (databases == nullptr) {
      return "";
    }
    std::uint64_t tables = 0;
    std::uint64_t rows = 0;
    for (const auto& database : *databases) {
      if (const Json* objects = array_field(database, "tables")) {
        for (const auto& object : *objects) {
          if (string_field(object, "kind") == "table") {
            ++tables;
            rows += unsigned_field(object, "rows");
          }
        }
      }
    }
    return plural(databases->size(), "database") + ", " + plural(tables, "table") + ", " +
           plural(rows, "row");
  }
  if (manifest.kind == "redis" && details.is_object() && details.contains("keys")) {
    return plural(unsigned_field(details, "keys"), "key");
  }
  return "";
}

std::vector<std::string> describe_contents(const Manifest& manifest) {
  const Json& details = manifest.content.details;
  std::vector<std::string> lines;
  if (manifest.kind == "mariadb") {
    const Json* databases = array_field(details, "databases");
    if (databases == nullptr) {
      return lines;
    }
    for (const auto& database : *databases) {
      const std::string name = string_field(database, "database");
      const Json* objects = array_field(database, "tables");
      lines.push_back("database " + name + ": " + plural(objects != nullptr ? objects->size() : 0, "object"));
      if (objects == nullptr) {
        continue;
      }
      for (const auto& object : *objects) {
        std::string kind = string_field(object, "kind");
        std::string line = "  " + name + "." + string_field(object, "name") + "  " + kind;
        if (kind == "table") {
          line += "  " + plural(unsigned_field(object, "rows"), "row");
        }
        lines.push_back(std::move(line));
      }
    }
    return lines;
  }
  if (manifest.kind == "redis" && details.is_object()) {
    lines.push_back(plural(unsigned_field(details, "keys"), "key") + " from " +
                    string_field(details, "server"));
    auto per_db = details.find("keys_per_db");
    if (per_db != details.end() && per_db->is_object()) {
      for (const auto& [db, keys] : per_db->items()) {
        lines.push_back("  db " + db + "  " +
                        plural(keys.is_number_unsigned() ? keys.get<std::uint64_t>() : 0, "key"));
      }
    }
    auto per_type = details.find("keys_per_type");
    if (per_type != details.end() && per_type->is_object()) {
      for (const auto& [type, keys] : per_type->items()) {
        lines.push_back("  " + type + "  " +
                        plural(keys.is_number_unsigned() ? keys.get<std::uint64_t>() : 0, "key"));
      }
    }
  }
  return lines;
}

}  // namespace opsdeck::backup
