// Canvas: an off-screen grid of cells (character, role, attributes) that views and widgets draw into.
// The terminal screen copies it to ncurses; tests turn it into text and compare with golden files (FTXUI's
// way). Drawing is clipped to the canvas, so a view can never write outside the area it was given.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tui/theme/role.hpp"

namespace opsdeck::tui {

enum Attr : std::uint8_t {
  kAttrNone = 0,
  kAttrBold = 1,
  kAttrReverse = 2,
  kAttrUnderline = 4,
  kAttrDim = 8,
};

struct Cell {
  char32_t ch = U' ';
  Role role = Role::kDefault;
  std::uint8_t attrs = kAttrNone;
  // Second half of a double-width character: draw nothing here.
  bool continuation = false;
  friend bool operator==(const Cell&, const Cell&) = default;
};

struct Rect {
  int x = 0, y = 0, width = 0, height = 0;
  bool empty() const { return width <= 0 || height <= 0; }
  int right() const { return x + width; }
  int bottom() const { return y + height; }
  // Splits: the first `rows` rows / the rest, and the same for columns; clamped to the rect.
  Rect top(int rows) const;
  Rect below(int rows) const;
  Rect left(int columns) const;
  Rect right_of(int columns) const;
  Rect inset(int margin) const;
  friend bool operator==(const Rect&, const Rect&) = default;
};

struct Style {
  Role role = Role::kDefault;
  std::uint8_t attrs = kAttrNone;
};

class Canvas {
 public:
  Canvas(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  Rect bounds() const { return Rect{0, 0, width_, height_}; }

  const Cell& at(int x, int y) const { return cells_[static_cast<std::size_t>(y * width_ + x)]; }
  void set(int x, int y, char32_t ch, Style style = {});

  // Writes UTF-8 text from (x, y), clipped to `clip` (default: the whole canvas); double-width characters
  // take two cells, combining marks are dropped, control characters show as '?' (a tab as a space).
  // Returns the text's width in columns (how far x advances), whether or not clipping hid part of it.
  int text(int x, int y, std::string_view utf8, Style style = {}, Rect clip = {-1, -1, -1, -1});
  void fill(Rect area, char32_t ch = U' ', Style style = {});
  // Box with single-line borders and an optional title in the top border ("┌─ Jobs ───┐"); `ascii` draws
  // "+- Jobs ---+" for terminals without a UTF-8 locale. A title too long for the box is truncated.
  void box(Rect area, std::string_view title = {}, Style border = {Role::kBorder, kAttrNone},
           bool ascii = false);
  // Restyles the cells of `area` without changing their characters (selection bars, highlights).
  void paint(Rect area, Style style);
  void clear(Style style = {});

  // One line per row, trailing spaces kept; for golden-file tests.
  std::string to_text() const;
  // Same as to_text, with each row's roles as one letter per cell ('.' default); for tests on colours.
  std::string roles_to_text() const;

 private:
  int width_;
  int height_;
  std::vector<Cell> cells_;
};

// Display width of UTF-8 text in terminal columns (wcwidth rules); invalid bytes count as one column.
int display_width(std::string_view utf8);
// Cuts UTF-8 text to at most `columns` columns, adding "…" (or "~" in ASCII mode) when it was cut.
std::string truncate_to_width(std::string_view utf8, int columns, bool ascii = false);
// Decodes UTF-8; invalid bytes become U+FFFD.
std::u32string decode_utf8(std::string_view utf8);
std::string encode_utf8(char32_t ch);

}  // namespace opsdeck::tui
