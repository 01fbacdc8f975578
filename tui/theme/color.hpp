// Colour values in theme files: the 16 names, "default", "color0".."color255" and "#rrggbb" (mapped to the
// nearest xterm-256 colour), plus the downgrade to 8 or 16 colours for terminals that have no more.
#pragma once

#include <string>
#include <string_view>

#include "backend/core/result.hpp"

namespace opsdeck::tui {

// -1 is the terminal's default colour; 0..255 are xterm-256 indices.
inline constexpr int kDefaultColor = -1;

// One line listing every accepted form, for error messages.
std::string_view accepted_color_forms();

// Parses one colour value; the error names the value and the accepted forms (the caller adds the file and
// key). Names are case-insensitive; "grey"/"gray" spellings of bright_black are accepted.
core::Result<int> parse_color(std::string_view text);

// The name a theme file would use: "green", "bright_red", "default", "color208".
std::string color_name(int color);

// Nearest xterm-256 index to an RGB colour (from the 6x6x6 cube or the grey ramp, as xterm defines them).
int nearest_xterm256(int red, int green, int blue);

// The colour as shown on a terminal with `colors` colours (8, 16, 256): indices above the limit map to
// the nearest of the first 8 or 16; -1 stays -1.
int downgrade_color(int color, int colors);

}  // namespace opsdeck::tui
