// Theme: maps each semantic Role to colours and attributes (btop's theme files, htop's roles). Themes are
// JSON files under themes/; a compiled-in default keeps the console usable when none is found. A missing
// key falls back to the default theme's value with a warning; a bad colour is an error naming the file,
// the key and the value, and the caller then uses the whole default theme.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"
#include "tui/theme/color.hpp"
#include "tui/theme/role.hpp"

namespace opsdeck::tui {

struct ColorSpec {
  int fg = kDefaultColor;  // -1 = terminal default, 0..255
  int bg = kDefaultColor;
  bool bold = false;
  bool underline = false;
  bool reverse = false;
  bool dim = false;
  friend bool operator==(const ColorSpec&, const ColorSpec&) = default;
};

class Theme {
 public:
  // Every role at the terminal's default colours; see default_theme() for the real defaults.
  Theme() = default;

  std::string name;
  std::string description;

  const ColorSpec& get(Role role) const { return specs_[static_cast<std::size_t>(role)]; }
  void set(Role role, ColorSpec spec) { specs_[static_cast<std::size_t>(role)] = spec; }

  // The theme as a terminal with `colors` colours can show it (8, 16; 256 or more = unchanged).
  Theme downgrade(int colors) const;

  friend bool operator==(const Theme&, const Theme&) = default;

 private:
  std::array<ColorSpec, kRoleCount> specs_{};
};

// The compiled-in default (same values as themes/dark.json).
const Theme& default_theme();

// Parses a theme file's text. Shape: {"name": "...", "description": "...", "roles": {"ok": {"fg": "green",
// "bg": "default", "bold": false}, ...}}. `source_name` (a path) is named in every message. Missing roles
// and unknown role keys add a line to `warnings` (missing ones take the default theme's value).
core::Result<Theme> parse_theme(std::string_view json_text, std::string_view source_name,
                                std::vector<std::string>* warnings = nullptr);

// Loads a theme by name ("dark" = <themes_dir>/dark.json) or by path (contains '/' or ends in ".json").
// The name "default" without a file gives default_theme().
core::Result<Theme> load_theme(std::string_view name_or_path, const std::filesystem::path& themes_dir,
                               std::vector<std::string>* warnings = nullptr);

// The first existing of: $OPSDECK_THEMES_DIR, <exe dir>/../share/opsdeck/themes, the source tree's themes/
// (compile-time OPSDECK_THEMES_DIR). None when none exists.
std::optional<std::filesystem::path> find_themes_dir();

// Theme names (file stems) in a directory, sorted; for the palette and `opsdeck themes`.
std::vector<std::string> list_themes(const std::filesystem::path& themes_dir);

}  // namespace opsdeck::tui
