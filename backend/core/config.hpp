// Configuration: one JSON file plus OPSDECK_<SECTION>_<KEY> environment overrides, checked against the schema
// table in config_schema.cpp (every key: type, default, one-line description). Errors name the key, the
// file (or variable) and what was expected. Secrets come only from the environment or a *_file path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/core/result.hpp"
#include "backend/core/secret.hpp"

namespace opsdeck::core {

enum class ConfigType { kString, kInt, kBool, kPath, kSecret };

struct ConfigKey {
  std::string_view name;  // "section.key"
  ConfigType type;
  std::string_view default_value;   // as JSON text: "\"dark\"", "10", "true"
  std::string_view description;     // one line, shown in docs and `config check`
  std::int64_t min = 0, max = 0;    // for kInt when max > min
  std::string_view choices = {};    // for kString: "a|b|c" when restricted
  std::string_view env_alias = {};  // a second, shorter variable that beats OPSDECK_<SECTION>_<KEY>
};

// The sections in the order the docs list them; a key's section is the part of its name before the dot.
struct ConfigSection {
  std::string_view name;
  std::string_view description;
};

// The one table of every key. docs/configuration.md is generated from it (and a test checks it matches).
const std::vector<ConfigKey>& config_schema();
const ConfigKey* find_config_key(std::string_view name);
const std::vector<ConfigSection>& config_sections();
// "mariadb.ssl_ca" -> "OPSDECK_MARIADB_SSL_CA"
std::string env_var_for(std::string_view key);

// Where configuration comes from; tests pass their own environment instead of the process's.
struct ConfigSources {
  std::optional<std::filesystem::path> file;       // --config
  std::optional<std::filesystem::path> state_dir;  // --state-dir (beats the file and the environment)
  std::map<std::string, std::string> environment;  // usually from environ
  std::map<std::string, std::string> flags;        // other command-line overrides: "ui.theme" -> "light"
  static ConfigSources from_process(std::optional<std::filesystem::path> file,
                                    std::optional<std::filesystem::path> state_dir);
};

enum class ConfigOrigin { kDefault, kFile, kEnvironment, kFlag };
std::string_view to_string(ConfigOrigin origin);  // "default", "file", "env", "flag"

class Config {
 public:
  // Finds the file (--config, $OPSDECK_CONFIG, $XDG_CONFIG_HOME/opsdeck/config.json; a missing default file
  // is fine, a missing named file is an error), applies environment overrides and validates. Fails with every
  // problem, one per line.
  static Result<Config> load(const ConfigSources& sources);
  // Same, but always returns a Config (defaults where invalid) plus the list of problems; `config check`.
  static Config load_lenient(const ConfigSources& sources, std::vector<Error>& problems);

  std::string get_string(std::string_view key) const;
  std::int64_t get_int(std::string_view key) const;
  bool get_bool(std::string_view key) const;
  std::filesystem::path get_path(std::string_view key) const;  // "~" expanded
  Secret get_secret(std::string_view key) const;               // from env var or the key's *_file companion
  bool is_set(std::string_view key) const;  // set by file, environment or flag (not a default)
  ConfigOrigin origin(std::string_view key) const;

  // All state (stack, logs, caches): --state-dir, $OPSDECK_STATE_DIR, general.state_dir, else
  // $XDG_STATE_HOME/opsdeck, else ~/.local/state/opsdeck.
  std::filesystem::path state_dir() const;
  std::optional<std::filesystem::path> file() const { return file_; }
  // The file that was looked for, read or not (the default location when nothing named one).
  const std::filesystem::path& file_location() const { return file_location_; }

  // Effective configuration with every secret masked, for `config check` (human and --json).
  nlohmann::json effective_masked() const;

 private:
  nlohmann::json values_ = nlohmann::json::object();  // flat: "section.key" -> value
  std::map<std::string, ConfigOrigin, std::less<>> origins_;
  std::map<std::string, std::string, std::less<>> environment_;
  std::optional<std::filesystem::path> file_;
  std::filesystem::path file_location_;
  std::filesystem::path state_dir_;
};

// Whether the user pointed opsdeck at real servers; when not, it runs on its local stack.
bool mariadb_configured(const Config& config);  // mariadb.host or mariadb.socket set
bool redis_configured(const Config& config);    // redis.host or redis.socket set

}  // namespace opsdeck::core
