// Glyph sets for drawing: Unicode (box drawing, blocks, braille) and a plain-ASCII fallback for terminals
// whose locale is not UTF-8 (htop's way of degrading on dumb terminals). Widgets take a `const Glyphs&`
// so one flag chosen at start-up switches every border, bar and graph at once.
#pragma once

#include <array>
#include <string_view>

namespace opsdeck::tui {

struct Glyphs {
  bool ascii = false;
  // Borders.
  char32_t horizontal, vertical, top_left, top_right, bottom_left, bottom_right;
  // Vertical fill levels for sparklines, from empty (index 0) to a full cell (index 8).
  std::array<char32_t, 9> vertical_levels;
  // Horizontal fill levels for progress bars, from empty (index 0) to a full cell (index 8).
  std::array<char32_t, 9> horizontal_levels;
  char32_t bar_empty;  // the unfilled part of a progress bar
  // Braille graphs: true when braille cells may be used; the ASCII set draws vertical_levels instead.
  bool braille;
  // Sort direction, selection marker, cut text, spinner.
  char32_t arrow_up, arrow_down, arrow_right;
  std::string_view ellipsis;
  std::array<char32_t, 8> spinner;
};

inline constexpr Glyphs kUnicodeGlyphs{
    false,
    U'─',
    U'│',
    U'┌',
    U'┐',
    U'└',
    U'┘',
    {U' ', U'▁', U'▂', U'▃', U'▄', U'▅', U'▆', U'▇', U'█'},
    {U' ', U'▏', U'▎', U'▍', U'▌', U'▋', U'▊', U'▉', U'█'},
    U'░',
    true,
    U'▲',
    U'▼',
    U'▶',
    "…",
    {U'⠋', U'⠙', U'⠹', U'⠸', U'⠼', U'⠴', U'⠦', U'⠧'},
};

inline constexpr Glyphs kAsciiGlyphs{
    true,
    U'-',
    U'|',
    U'+',
    U'+',
    U'+',
    U'+',
    {U' ', U'_', U'_', U'.', U'-', U'-', U'=', U'#', U'#'},
    {U' ', U' ', U' ', U' ', U'#', U'#', U'#', U'#', U'#'},
    U'.',
    false,
    U'^',
    U'v',
    U'>',
    "~",
    {U'|', U'/', U'-', U'\\', U'|', U'/', U'-', U'\\'},
};

inline const Glyphs& glyphs_for(bool ascii) {
  return ascii ? kAsciiGlyphs : kUnicodeGlyphs;
}

}  // namespace opsdeck::tui
