// Where things are by default: the config file, the state directory, the home directory, "~" expansion.
// Every function reads the environment it is given, never the process's, so tests control all of it.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace opsdeck::core {

using Environment = std::map<std::string, std::string, std::less<>>;

// The variable's value, or "" when it is unset; an empty variable counts as unset everywhere in opsdeck.
std::string_view environment_value(const Environment& environment, std::string_view name);

// $HOME, else the passwd entry of the current user (cron and systemd may start us without HOME).
std::filesystem::path home_directory(const Environment& environment);

// "~" and "~/x" become the home directory; anything else is returned as written.
std::filesystem::path expand_home(std::string_view path, const Environment& environment);

// $XDG_CONFIG_HOME/opsdeck/config.json, else ~/.config/opsdeck/config.json.
std::filesystem::path default_config_file(const Environment& environment);

// $XDG_STATE_HOME/opsdeck, else ~/.local/state/opsdeck.
std::filesystem::path default_state_dir(const Environment& environment);

}  // namespace opsdeck::core
