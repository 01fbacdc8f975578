// Default locations follow the XDG base directory spec, including its rule that a relative XDG_* value is
// invalid and must be ignored (a relative state dir would move with the working directory of each cron job).
#include "backend/core/config_paths.hpp"

#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace opsdeck::core {
namespace {

std::filesystem::path xdg_base(const Environment& environment, std::string_view variable,
                               const std::filesystem::path& fallback_under_home) {
  std::filesystem::path base(environment_value(environment, variable));
  if (!base.empty() && base.is_absolute()) {
    return base;
  }
  return home_directory(environment) / fallback_under_home;
}

}  // namespace

std::string_view environment_value(const Environment& environment, std::string_view name) {
  auto found = environment.find(name);
  return found == environment.end() ? std::string_view() : std::string_view(found->second);
}

std::filesystem::path home_directory(const Environment& environment) {
  std::string_view home = environment_value(environment, "HOME");
  if (!home.empty()) {
    return std::filesystem::path(home);
  }
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr &&
      found->pw_dir != nullptr) {
    return std::filesystem::path(found->pw_dir);
  }
  // No home at all (a bare container): the root keeps paths absolute rather than relative to the cwd.
  return std::filesystem::path("/");
}

std::filesystem::path expand_home(std::string_view path, const Environment& environment) {
  if (path == "~") {
    return home_directory(environment);
  }
  if (path.starts_with("~/")) {
    return home_directory(environment) / std::filesystem::path(path.substr(2));
  }
  return std::filesystem::path(path);
}

std::filesystem::path default_config_file(const Environment& environment) {
  return xdg_base(environment, "XDG_CONFIG_HOME", ".config") / "opsdeck" / "config.json";
}

std::filesystem::path default_state_dir(const Environment& environment) {
  return xdg_base(environment, "XDG_STATE_HOME", ".local/state") / "opsdeck";
}

}  // namespace opsdeck::core
