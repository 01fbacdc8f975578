// Theme files: parsing (a socket-free parser over text, as STYLE.md asks), loading by name or path, and
// finding the themes directory. A missing role falls back to the default theme's value with a warning (so
// an older theme file keeps working when a role is added); a bad value is an error the caller shows before
// falling back to the whole default theme.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "tui/theme/theme.hpp"

namespace opsdeck::tui {
namespace {

using nlohmann::json;

core::Unexpected theme_error(std::string_view source, std::string_view key, std::string_view problem) {
  std::string message = "theme file " + std::string(source) + ": ";
  if (!key.empty()) {
    message += std::string(key) + ": ";
  }
  message += problem;
  return core::fail(core::ErrorCategory::kInvalidInput, std::move(message));
}

std::string known_roles() {
  std::string out;
  for (Role role : all_roles()) {
    out += (out.empty() ? "" : ", ") + std::string(role_key(role));
  }
  return out;
}

core::Result<int> parse_color_field(const json& value, std::string_view source, const std::string& key) {
  if (!value.is_string()) {
    return theme_error(
        source, key,
        "expected a colour string, " + std::string(accepted_color_forms()) + ", got " + value.dump());
  }
  auto color = parse_color(value.get<std::string>());
  if (!color.ok()) {
    return theme_error(source, key, color.error().message);
  }
  return *color;
}

// One role's entry: {"fg": ..., "bg": ..., "bold": ...} or the shorthand "green" (fg only, bg default).
core::Result<ColorSpec> parse_role(const json& entry, Role role, std::string_view source,
                                   std::vector<std::string>& warnings) {
  const std::string key = "roles." + std::string(role_key(role));
  ColorSpec spec;
  if (entry.is_string()) {
    auto fg = parse_color_field(entry, source, key);
    if (!fg.ok()) {
      return core::Unexpected{fg.error()};
    }
    spec.fg = *fg;
    return spec;
  }
  if (!entry.is_object()) {
    return theme_error(
        source, key, "expected an object like {\"fg\": \"green\", \"bg\": \"default\"}, got " + entry.dump());
  }
  const ColorSpec& fallback = default_theme().get(role);
  for (const auto& [field, value] : entry.items()) {
    const std::string field_key = key + "." + field;
    if (field == "fg" || field == "bg") {
      auto color = parse_color_field(value, source, field_key);
      if (!color.ok()) {
        return core::Unexpected{color.error()};
      }
      (field == "fg" ? spec.fg : spec.bg) = *color;
    } else if (field == "bold" || field == "underline" || field == "reverse" || field == "dim") {
      if (!value.is_boolean()) {
        return theme_error(source, field_key, "expected true or false, got " + value.dump());
      }
      const bool on = value.get<bool>();
      (field == "bold"        ? spec.bold
       : field == "underline" ? spec.underline
       : field == "reverse"   ? spec.reverse
                              : spec.dim) = on;
    } else {
      warnings.push_back(std::string(source) + ": " + field_key +
                         ": unknown field ignored (known: fg, bg, bold, underline, reverse, dim)");
    }
  }
  for (const char* colour_field : {"fg", "bg"}) {
    if (!entry.contains(colour_field)) {
      const bool is_fg = std::string_view(colour_field) == "fg";
      (is_fg ? spec.fg : spec.bg) = is_fg ? fallback.fg : fallback.bg;
      warnings.push_back(std::string(source) + ": " + key + "." + colour_field +
                         " missing; using the default "
                         "theme's \"" +
                         color_name(is_fg ? fallback.fg : fallback.bg) + "\"");
    }
  }
  return spec;
}

bool looks_like_path(std::string_view name_or_path) {
  return name_or_path.find('/') != std::string_view::npos || name_or_path.ends_with(".json");
}

}  // namespace

core::Result<Theme> parse_theme(std::string_view json_text, std::string_view source_name,
                                std::vector<std::string>* warnings_out) {
  std::vector<std::string> warnings;
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::parse_error& error) {
    return theme_error(source_name, "", std::string("not valid JSON (") + error.what() + ")");
  }
  if (!document.is_object()) {
    return theme_error(source_name, "", "expected a JSON object with \"name\" and \"roles\"");
  }
  Theme theme;
  theme.name = std::filesystem::path(std::string(source_name)).stem().string();
  for (const char* text_field : {"name", "description"}) {
    if (document.contains(text_field)) {
      if (!document[text_field].is_string()) {
        return theme_error(source_name, text_field, "expected a string, got " + document[text_field].dump());
      }
      (std::string_view(text_field) == "name" ? theme.name : theme.description) =
          document[text_field].get<std::string>();
    }
  }
  const auto roles = document.find("roles");
  if (roles == document.end() || !roles->is_object()) {
    return theme_error(
        source_name, "roles",
        "expected an object mapping each role (" + known_roles() + ") to {\"fg\": ..., \"bg\": ...}");
  }
  for (Role role : all_roles()) {
    const auto entry = roles->find(std::string(role_key(role)));
    if (entry == roles->end()) {
      theme.set(role, default_theme().get(role));
      warnings.push_back(std::string(source_name) + ": roles." + std::string(role_key(role)) +
                         " missing; using the default theme's value");
      continue;
    }
    auto spec = parse_role(*entry, role, source_name, warnings);
    if (!spec.ok()) {
      return core::Unexpected{spec.error()};
    }
    theme.set(role, *spec);
  }
  for (const auto& [key, value] : roles->items()) {
    if (!role_from_key(key)) {
      warnings.push_back(std::string(source_name) + ": roles." + key +
                         ": unknown role ignored (known: " + known_roles() + ")");
    }
  }
  if (warnings_out != nullptr) {
    warnings_out->insert(warnings_out->end(), warnings.begin(), warnings.end());
  }
  return theme;
}

core::Result<Theme> load_theme(std::string_view name_or_path, const std::filesystem::path& themes_dir,
                               std::vector<std::string>* warnings) {
  const std::filesystem::path path = looks_like_path(name_or_path)
                                         ? std::filesystem::path(std::string(name_or_path))
                                         : themes_dir / (std::string(name_or_path) + ".json");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    if (name_or_path == "default") {
      return default_theme();
    }
    std::string available;
    for (const auto& name : list_themes(themes_dir)) {
      available += (available.empty() ? "" : ", ") + name;
    }
    return core::fail(core::ErrorCategory::kNotFound,
                      "theme \"" + std::string(name_or_path) + "\": no file " + path.string() +
                          (available.empty() ? "" : " (available: " + available + ")"));
  }
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  if (!file && !file.eof()) {
    return core::fail(core::ErrorCategory::kIo, "theme file " + path.string() + ": cannot be read");
  }
  return parse_theme(text.str(), path.string(), warnings);
}

std::optional<std::filesystem::path> find_themes_dir() {
  std::error_code ec;
  std::vector<std::filesystem::path> candidates;
  if (const char* from_env = std::getenv("OPSDECK_THEMES_DIR"); from_env != nullptr && *from_env != '\0') {
    candidates.emplace_back(from_env);
  }
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / ".." / "share" / "opsdeck" / "themes");
  }
#ifdef OPSDECK_THEMES_DIR
  candidates.emplace_back(OPSDECK_THEMES_DIR);
#endif
  for (const auto& candidate : candidates) {
    if (std::filesystem::is_directory(candidate, ec)) {
      return candidate.lexically_normal();
    }
  }
  return std::nullopt;
}

std::vector<std::string> list_themes(const std::filesystem::path& themes_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(themes_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") {
      names.push_back(it->path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace opsdeck::tui
