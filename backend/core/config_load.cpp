// Config::load: defaults, then the file, then the environment, then flags, each beating the one before; then
// the checks that involve more than one key (secret files, TLS pairs) and the state directory. Every
// problem names where the value came from: "<file>: <key>: ", "<VARIABLE>: " or "command line: <key>: ".
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "backend/core/config.hpp"
#include "backend/core/config_file.hpp"
#include "backend/core/config_paths.hpp"
#include "backend/core/config_suggest.hpp"
#include "backend/core/config_value.hpp"

extern char** environ;  // NOLINT: POSIX declares it nowhere in a header

namespace opsdeck::core {
namespace {

constexpr std::string_view kConfigFileVariable = "OPSDECK_CONFIG";
// Group or other may do anything at all: the same rule ssh applies to private keys.
constexpr mode_t kTooOpenBits = 0077;

struct Loaded {
  nlohmann::json values = nlohmann::json::object();
  std::map<std::string, ConfigOrigin, std::less<>> origins;
  std::map<std::string, std::string, std::less<>> labels;  // key -> where its value came from, for messages
  std::optional<std::filesystem::path> file;
  std::filesystem::path file_location;
  std::filesystem::path state_dir;
};

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

class Loader {
 public:
  Loader(const ConfigSources& sources, const Environment& environment, std::vector<Error>& problems)
      : sources_(sources), environment_(environment), problems_(problems) {}

  Loaded run() {
    for (const auto& key : config_schema()) {
      loaded_.values[std::string(key.name)] = nlohmann::json::parse(key.default_value);
      loaded_.origins[std::string(key.name)] = ConfigOrigin::kDefault;
    }
    apply_file();
    apply_environment();
    report_unknown_variables();
    apply_flags();
    check_secret_files();
    check_tls_pair("mariadb.ssl_cert", "mariadb.ssl_key");
    resolve_state_dir();
    return std::move(loaded_);
  }

 private:
  void set(std::string_view key, nlohmann::json value, ConfigOrigin origin, std::string label) {
    loaded_.values[std::string(key)] = std::move(value);
    loaded_.origins[std::string(key)] = origin;
    loaded_.labels[std::string(key)] = std::move(label);
  }

  void problem(ErrorCategory category, std::string message) {
    problems_.push_back(make_error(category, std::move(message)));
  }

  std::string label_of(std::string_view key) const {
    auto found = loaded_.labels.find(key);
    return found == loaded_.labels.end() ? std::string(key) : found->second;
  }

  void apply_file() {
    std::string named_by;
    std::filesystem::path path;
    if (sources_.file) {
      named_by = "--config";
      path = expand_home(sources_.file->string(), environment_);
    } else if (auto variable = environment_value(environment_, kConfigFileVariable); !variable.empty()) {
      named_by = kConfigFileVariable;
      path = expand_home(variable, environment_);
    } else {
      path = default_config_file(environment_);
    }
    loaded_.file_location = path;
    auto text = read_config_file(path);
    if (!text) {
      // Only a file the user named must exist; the default location is optional.
      if (text.error().category != ErrorCategory::kNotFound || !named_by.empty()) {
        std::string why = named_by.empty() ? "" : " (named by " + named_by + ")";
        problem(text.error().category, text.error().message + why);
      }
      return;
    }
    loaded_.file = path;
    for (auto& [key, value] : parse_config_file(*text, path, problems_)) {
      set(key, std::move(value), ConfigOrigin::kFile, path.string() + ": " + key);
    }
  }

  void apply_environment() {
    for (const auto& key : config_schema()) {
      std::string variable = env_var_for(key.name);
      std::string_view text = environment_value(environment_, variable);
      if (!key.env_alias.empty() && !environment_value(environment_, key.env_alias).empty()) {
        variable = key.env_alias;
        text = environment_value(environment_, key.env_alias);
      }
      if (text.empty()) {
        continue;
      }
      if (key.type == ConfigType::kSecret) {
        // The value stays in the environment and is read by get_secret; it is never copied into values.
        loaded_.origins[std::string(key.name)] = ConfigOrigin::kEnvironment;
        loaded_.labels[std::string(key.name)] = variable;
        continue;
      }
      auto checked = config_value_from_text(key, text);
      if (!checked) {
        problem(ErrorCategory::kInvalidInput, variable + ": " + checked.error().message);
        continue;
      }
      set(key.name, std::move(checked).value(), ConfigOrigin::kEnvironment, variable);
    }
  }

  // A mistyped variable would otherwise be ignored without a word. Only names under a known section are
  // checked, so that unrelated OPSDECK_* variables (OPSDECK_CONFIG, test switches) stay allowed.
  void report_unknown_variables() {
    std::vector<std::string> known;
    for (const auto& key : config_schema()) {
      known.push_back(env_var_for(key.name));
      if (!key.env_alias.empty()) {
        known.emplace_back(key.env_alias);
      }
    }
    for (const auto& [name, value] : environment_) {
      if (value.empty() || std::find(known.begin(), known.end(), name) != known.end() ||
          !in_known_section(name)) {
        continue;
      }
      if (auto suggestion = suggest_closest(name, known)) {
        problem(ErrorCategory::kInvalidInput,
                name + ": unknown variable (did you mean " + *suggestion + "?)");
      } else {
        problem(ErrorCategory::kInvalidInput,
                name + ": unknown variable; docs/configuration.md lists every OPSDECK_* variable");
      }
    }
  }

  static bool in_known_section(std::string_view variable) {
    for (const auto& section : config_sections()) {
      if (variable.starts_with("OPSDECK_" + upper(section.name) + "_")) {
        return true;
      }
    }
    return false;
  }

  void apply_flags() {
    for (const auto& [name, text] : sources_.flags) {
      if (text.empty()) {
        continue;
      }
      const std::string label = "command line: " + name;
      const ConfigKey* key = find_config_key(name);
      if (key == nullptr) {
        problem(ErrorCategory::kInvalidInput, label + ": unknown key");
      } else if (key->type == ConfigType::kSecret) {
        problem(ErrorCategory::kInvalidInput, label + ": secrets are not read from the command line; set " +
                                                  env_var_for(name) + " or " + name + "_file");
      } else if (auto checked = config_value_from_text(*key, text); !checked) {
        problem(ErrorCategory::kInvalidInput, label + ": " + checked.error().message);
      } else {
        set(name, std::move(checked).value(), ConfigOrigin::kFlag, label);
      }
    }
    if (sources_.state_dir) {
      set("general.state_dir", sources_.state_dir->string(), ConfigOrigin::kFlag, "--state-dir");
    }
  }

  void check_secret_files() {
    for (const auto& key : config_schema()) {
      if (key.type != ConfigType::kSecret) {
        continue;
      }
      const std::string companion = std::string(key.name) + "_file";
      const std::string& value = loaded_.values[companion].get_ref<const std::string&>();
      if (value.empty()) {
        continue;
      }
      const std::string label = label_of(companion);
      if (loaded_.origins[std::string(key.name)] == ConfigOrigin::kEnvironment) {
        problem(ErrorCategory::kInvalidInput, label + ": " + std::string(key.name) + " is also set by " +
                                                  label_of(key.name) + "; keep only one of the two");
      }
      check_secret_file(label, expand_home(value, environment_));
    }
  }

  void check_secret_file(const std::string& label, const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      const int error = errno;
      problem(error == ENOENT ? ErrorCategory::kNotFound : ErrorCategory::kIo,
              label + ": " + path.string() + ": " + std::generic_category().message(error));
      return;
    }
    if (!S_ISREG(info.st_mode)) {
      problem(ErrorCategory::kInvalidInput,
              label + ": " + path.string() + ": expected a file holding the secret");
      return;
    }
    if ((info.st_mode & kTooOpenBits) != 0) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
      problem(ErrorCategory::kInvalidInput,
              label + ": " + path.string() + ": mode " + mode + " is too open; chmod 600 " + path.string());
      return;
    }
    if (::access(path.c_str(), R_OK) != 0) {
      problem(ErrorCategory::kIo,
              label + ": " + path.string() + ": " + std::generic_category().message(errno));
    }
  }

  void check_tls_pair(std::string_view cert, std::string_view key) {
    const bool has_cert = !loaded_.values[std::string(cert)].get_ref<const std::string&>().empty();
    const bool has_key = !loaded_.values[std::string(key)].get_ref<const std::string&>().empty();
    if (has_cert != has_key) {
      std::string_view set_one = has_cert ? cert : key;
      std::string_view missing = has_cert ? key : cert;
      problem(ErrorCategory::kInvalidInput, label_of(set_one) + ": " + std::string(missing) +
                                                " must be set too (a client certificate and its key "
                                                "go together)");
    }
  }

  void resolve_state_dir() {
    const std::string& configured = loaded_.values["general.state_dir"].get_ref<const std::string&>();
    std::filesystem::path path =
        configured.empty() ? default_state_dir(environment_) : expand_home(configured, environment_);
    // Absolute, so that a relative --state-dir means the same thing to every process started later.
    std::error_code error;
    auto absolute = std::filesystem::absolute(path, error);
    loaded_.state_dir = (error ? path : absolute).lexically_normal();
  }

  const ConfigSources& sources_;
  const Environment& environment_;
  std::vector<Error>& problems_;
  Loaded loaded_;
};

}  // namespace

ConfigSources ConfigSources::from_process(std::optional<std::filesystem::path> file,
                                          std::optional<std::filesystem::path> state_dir) {
  ConfigSources sources;
  sources.file = std::move(file);
  sources.state_dir = std::move(state_dir);
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    auto equals = text.find('=');
    if (equals != std::string_view::npos) {
      sources.environment.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
  }
  return sources;
}

Config Config::load_lenient(const ConfigSources& sources, std::vector<Error>& problems) {
  Environment environment(sources.environment.begin(), sources.environment.end());
  Loaded loaded = Loader(sources, environment, problems).run();
  Config config;
  config.values_ = std::move(loaded.values);
  config.origins_ = std::move(loaded.origins);
  config.environment_ = std::move(environment);
  config.file_ = std::move(loaded.file);
  config.file_location_ = std::move(loaded.file_location);
  config.state_dir_ = std::move(loaded.state_dir);
  return config;
}

Result<Config> Config::load(const ConfigSources& sources) {
  std::vector<Error> problems;
  Config config = load_lenient(sources, problems);
  if (problems.empty()) {
    return config;
  }
  std::string message;
  for (const auto& problem : problems) {
    message += (message.empty() ? "" : "\n") + problem.message;
  }
  return fail(problems.front().category, std::move(message));
}

}  // namespace opsdeck::core
