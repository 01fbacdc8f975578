// Reading a loaded Config: typed getters, secrets (read when asked for, never stored), the masked view for
// `config check`. A default-constructed Config answers every key with its default, so code and tests that
// need no configuration can use one as is.
#include "backend/core/config.hpp"

#include <cassert>
#include <fstream>
#include <sstream>

#include "backend/core/config_paths.hpp"

namespace opsdeck::core {
namespace {

const nlohmann::json& default_value(std::string_view key) {
  static const auto defaults = [] {
    std::map<std::string, nlohmann::json, std::less<>> values;
    for (const auto& entry : config_schema()) {
      values.emplace(entry.name, nlohmann::json::parse(entry.default_value));
    }
    return values;
  }();
  static const nlohmann::json null_value;
  auto found = defaults.find(key);
  return found == defaults.end() ? null_value : found->second;
}

// A getter asked for a key that is not in the table, or with the wrong type, is a bug in the caller.
void expect_key(std::string_view key, ConfigType type) {
  [[maybe_unused]] const ConfigKey* entry = find_config_key(key);
  assert(entry != nullptr && "configuration key missing from config_schema()");
  assert((entry->type == type || (type == ConfigType::kString && entry->type == ConfigType::kPath)) &&
         "configuration key read with the wrong type");
  (void)type;
}

const nlohmann::json& stored(const nlohmann::json& values, std::string_view key) {
  auto found = values.find(std::string(key));
  return found == values.end() ? default_value(key) : *found;
}

std::string read_secret_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return {};  // load() reported why; an unreadable secret is simply not set
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  // Editors and `echo` add a newline that is never part of the password.
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) {
    value.pop_back();
  }
  return value;
}

}  // namespace

std::string Config::get_string(std::string_view key) const {
  expect_key(key, ConfigType::kString);
  const auto& value = stored(values_, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::int64_t Config::get_int(std::string_view key) const {
  expect_key(key, ConfigType::kInt);
  const auto& value = stored(values_, key);
  return value.is_number_integer() ? value.get<std::int64_t>() : 0;
}

bool Config::get_bool(std::string_view key) const {
  expect_key(key, ConfigType::kBool);
  const auto& value = stored(values_, key);
  return value.is_boolean() && value.get<bool>();
}

std::filesystem::path Config::get_path(std::string_view key) const {
  expect_key(key, ConfigType::kPath);
  const auto& value = stored(values_, key);
  return value.is_string() ? expand_home(value.get_ref<const std::string&>(), environment_)
                           : std::filesystem::path();
}

Secret Config::get_secret(std::string_view key) const {
  expect_key(key, ConfigType::kSecret);
  if (auto from_environment = environment_value(environment_, env_var_for(key)); !from_environment.empty()) {
    return Secret(std::string(from_environment));
  }
  auto file = get_path(std::string(key) + "_file");
  return file.empty() ? Secret() : Secret(read_secret_file(file));
}

bool Config::is_set(std::string_view key) const {
  return origin(key) != ConfigOrigin::kDefault;
}

ConfigOrigin Config::origin(std::string_view key) const {
  auto found = origins_.find(key);
  return found == origins_.end() ? ConfigOrigin::kDefault : found->second;
}

std::filesystem::path Config::state_dir() const {
  return state_dir_.empty() ? default_state_dir(environment_) : state_dir_;
}

nlohmann::json Config::effective_masked() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& key : config_schema()) {
    nlohmann::json value;
    ConfigOrigin from = origin(key.name);
    switch (key.type) {
      case ConfigType::kSecret: {
        value = std::string(get_secret(key.name).masked());
        const std::string companion = std::string(key.name) + "_file";
        if (from == ConfigOrigin::kDefault && is_set(companion)) {
          from = origin(companion);  // the secret came from the file that key names
        }
        break;
      }
      case ConfigType::kPath:
        value = get_path(key.name).string();
        break;
      default:
        value = stored(values_, key.name);
        break;
    }
    out[std::string(key.name)] = {{"value", std::move(value)}, {"origin", to_string(from)}};
  }
  return out;
}

bool mariadb_configured(const Config& config) {
  return !config.get_string("mariadb.host").empty() || !config.get_path("mariadb.socket").empty();
}

bool redis_configured(const Config& config) {
  return !config.get_string("redis.host").empty() || !config.get_path("redis.socket").empty();
}

}  // namespace opsdeck::core
