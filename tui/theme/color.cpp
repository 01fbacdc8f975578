// Colour parsing and mapping for themes. RGB values of the xterm-256 palette come from xterm's own
// definitions (256colres.h): the 6x6x6 cube with levels 0,95,135,...,255 and a 24-step grey ramp.
#include "tui/theme/color.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <string>

namespace opsdeck::tui {
namespace {

constexpr std::array<std::string_view, 16> kNames = {
    "black",        "red",           "green",       "yellow",         "blue",
    "magenta",      "cyan",          "white",       "bright_black",   "bright_red",
    "bright_green", "bright_yellow", "bright_blue", "bright_magenta", "bright_cyan",
    "bright_white",
};

struct Rgb {
  int red, green, blue;
};

// xterm's defaults for the 16 base colours; terminals differ, which is why hex values never map to these.
constexpr std::array<Rgb, 16> kBaseRgb = {{
    {0, 0, 0},
    {205, 0, 0},
    {0, 205, 0},
    {205, 205, 0},
    {0, 0, 238},
    {205, 0, 205},
    {0, 205, 205},
    {229, 229, 229},
    {127, 127, 127},
    {255, 0, 0},
    {0, 255, 0},
    {255, 255, 0},
    {92, 92, 255},
    {255, 0, 255},
    {0, 255, 255},
    {255, 255, 255},
}};

constexpr std::array<int, 6> kCubeLevels = {0, 95, 135, 175, 215, 255};

Rgb rgb_of(int color) {
  if (color < 16) {
    return kBaseRgb[static_cast<std::size_t>(color)];
  }
  if (color < 232) {
    const int index = color - 16;
    return Rgb{kCubeLevels[static_cast<std::size_t>(index / 36)],
               kCubeLevels[static_cast<std::size_t>((index / 6) % 6)],
               kCubeLevels[static_cast<std::size_t>(index % 6)]};
  }
  const int grey = 8 + 10 * (color - 232);
  return Rgb{grey, grey, grey};
}

int distance(Rgb a, Rgb b) {
  const int dr = a.red - b.red;
  const int dg = a.green - b.green;
  const int db = a.blue - b.blue;
  return dr * dr + dg * dg + db * db;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::optional<int> parse_int(std::string_view digits, int base) {
  int value = 0;
  const auto* end = digits.data() + digits.size();
  auto [ptr, ec] = std::from_chars(digits.data(), end, value, base);
  if (ec != std::errc{} || ptr != end || digits.empty()) {
    return std::nullopt;
  }
  return value;
}

core::Unexpected bad_color(std::string_view text) {
  return core::fail(
      core::ErrorCategory::kInvalidInput,
      "\"" + std::string(text) + "\" is not a colour; expected " + std::string(accepted_color_forms()));
}

}  // namespace

std::string_view accepted_color_forms() {
  return "one of: default, black, red, green, yellow, blue, magenta, cyan, white, bright_black, bright_red, "
         "bright_green, bright_yellow, bright_blue, bright_magenta, bright_cyan, bright_white, "
         "color0..color255, #rrggbb";
}

core::Result<int> parse_color(std::string_view text) {
  const std::string name = lower(text);
  if (name == "default") {
    return kDefaultColor;
  }
  if (name == "grey" || name == "gray" || name == "bright_grey" || name == "bright_gray") {
    return 8;
  }
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      return static_cast<int>(i);
    }
  }
  if (name.starts_with("color")) {
    const auto index = parse_int(std::string_view(name).substr(5), 10);
    if (index && *index >= 0 && *index <= 255 && name.size() <= 8) {
      return *index;
    }
    return bad_color(text);
  }
  if (name.size() == 7 && name[0] == '#') {
    const auto red = parse_int(std::string_view(name).substr(1, 2), 16);
    const auto green = parse_int(std::string_view(name).substr(3, 2), 16);
    const auto blue = parse_int(std::string_view(name).substr(5, 2), 16);
    if (red && green && blue) {
      return nearest_xterm256(*red, *green, *blue);
    }
  }
  return bad_color(text);
}

std::string color_name(int color) {
  if (color < 0) {
    return "default";
  }
  if (color < 16) {
    return std::string(kNames[static_cast<std::size_t>(color)]);
  }
  return "color" + std::to_string(color);
}

int nearest_xterm256(int red, int green, int blue) {
  // Only 16..255: the first 16 are whatever the user's terminal palette says, so a hex colour would land
  // somewhere unpredictable if mapped onto them.
  const Rgb target{red, green, blue};
  int best = 16;
  int best_distance = std::numeric_limits<int>::max();
  for (int color = 16; color < 256; ++color) {
    const int d = distance(rgb_of(color), target);
    if (d < best_distance) {
      best_distance = d;
      best = color;
    }
  }
  return best;
}

int downgrade_color(int color, int colors) {
  if (color < 0 || color < colors) {
    return color;
  }
  if (colors < 8) {
    return kDefaultColor;  // monochrome: attributes carry the meaning
  }
  const int limit = colors >= 16 ? 16 : 8;
  const Rgb target = rgb_of(color);
  int best = 0;
  int best_distance = std::numeric_limits<int>::max();
  for (int candidate = 0; candidate < limit; ++candidate) {
    const int d = distance(kBaseRgb[static_cast<std::size_t>(candidate)], target);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace opsdeck::tui
