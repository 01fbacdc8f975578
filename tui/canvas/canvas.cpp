// Canvas drawing: every write is clipped, double-width characters take a cell plus a continuation cell,
// and overwriting either half of a wide character blanks the other half so no stray half is left behind.
#include "tui/canvas/canvas.hpp"

#include <algorithm>

#include "tui/canvas/char_width.hpp"

namespace opsdeck::tui {
namespace {

Rect intersect(Rect a, Rect b) {
  const int left = std::max(a.x, b.x);
  const int top = std::max(a.y, b.y);
  const int right = std::min(a.right(), b.right());
  const int bottom = std::min(a.bottom(), b.bottom());
  return Rect{left, top, std::max(0, right - left), std::max(0, bottom - top)};
}

bool contains(Rect area, int x, int y) {
  return x >= area.x && x < area.right() && y >= area.y && y < area.bottom();
}

// Control characters must never reach the terminal: a tab reads as a space, the rest as a visible '?'.
char32_t printable(char32_t ch) {
  if (ch == U'\t') {
    return U' ';
  }
  if (ch < 0x20 || (ch >= 0x7F && ch < 0xA0)) {
    return U'?';
  }
  return ch;
}

char role_letter(Role role) {
  switch (role) {
    case Role::kDefault:
      return '.';
    case Role::kMuted:
      return 'm';
    case Role::kAccent:
      return 'a';
    case Role::kOk:
      return 'o';
    case Role::kWarn:
      return 'w';
    case Role::kCrit:
      return 'c';
    case Role::kSelection:
      return 's';
    case Role::kHeader:
      return 'h';
    case Role::kTabActive:
      return 'T';
    case Role::kTabInactive:
      return 't';
    case Role::kStatusBar:
      return 'b';
    case Role::kKeyHint:
      return 'k';
    case Role::kBorder:
      return 'x';
    case Role::kDialog:
      return 'd';
    case Role::kInput:
      return 'i';
    case Role::kGraph:
      return 'g';
  }
  return '?';
}

}  // namespace

Rect Rect::top(int rows) const {
  return Rect{x, y, width, std::clamp(rows, 0, std::max(0, height))};
}

Rect Rect::below(int rows) const {
  const int cut = std::clamp(rows, 0, std::max(0, height));
  return Rect{x, y + cut, width, std::max(0, height - cut)};
}

Rect Rect::left(int columns) const {
  return Rect{x, y, std::clamp(columns, 0, std::max(0, width)), height};
}

Rect Rect::right_of(int columns) const {
  const int cut = std::clamp(columns, 0, std::max(0, width));
  return Rect{x + cut, y, std::max(0, width - cut), height};
}

Rect Rect::inset(int margin) const {
  const int w = std::max(0, width - 2 * margin);
  const int h = std::max(0, height - 2 * margin);
  return Rect{x + std::min(margin, width / 2), y + std::min(margin, height / 2), w, h};
}

Canvas::Canvas(int width, int height)
    : width_(std::max(0, width)),
      height_(std::max(0, height)),
      cells_(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_)) {
}

void Canvas::set(int x, int y, char32_t ch, Style style) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) {
    return;
  }
  ch = printable(ch);
  const int columns = codepoint_width(ch);
  if (columns == 0) {
    return;  // a combining mark has no cell of its own; the base character is shown without it
  }
  auto cell_at = [this](int cx, int cy) -> Cell& {
    return cells_[static_cast<std::size_t>(cy * width_ + cx)];
  };
  // Blank the other half of any wide character this write cuts in two.
  auto release = [&](int cx) {
    Cell& cell = cell_at(cx, y);
    if (cell.continuation && cx > 0) {
      cell_at(cx - 1, y) = Cell{U' ', cell_at(cx - 1, y).role, cell_at(cx - 1, y).attrs, false};
    }
    if (!cell.continuation && cx + 1 < width_ && cell_at(cx + 1, y).continuation) {
      cell_at(cx + 1, y) = Cell{U' ', cell.role, cell.attrs, false};
    }
  };
  release(x);
  if (columns == 2) {
    if (x + 1 >= width_) {
      cell_at(x, y) = Cell{U' ', style.role, style.attrs, false};
      return;
    }
    release(x + 1);
    cell_at(x, y) = Cell{ch, style.role, style.attrs, false};
    cell_at(x + 1, y) = Cell{U' ', style.role, style.attrs, true};
    return;
  }
  cell_at(x, y) = Cell{ch, style.role, style.attrs, false};
}

int Canvas::text(int x, int y, std::string_view utf8, Style style, Rect clip) {
  const Rect area = clip == Rect{-1, -1, -1, -1} ? bounds() : intersect(clip, bounds());
  int column = x;
  for (char32_t raw : decode_utf8(utf8)) {
    const char32_t ch = printable(raw);
    const int columns = codepoint_width(ch);
    if (columns == 0) {
      continue;
    }
    if (contains(area, column, y)) {
      if (columns == 2 && !contains(area, column + 1, y)) {
        set(column, y, U' ', style);  // half a wide character would not be readable
      } else {
        set(column, y, ch, style);
      }
    }
    column += columns;
  }
  return column - x;
}

void Canvas::fill(Rect area, char32_t ch, Style style) {
  const Rect clipped = intersect(area, bounds());
  for (int y = clipped.y; y < clipped.bottom(); ++y) {
    for (int x = clipped.x; x < clipped.right(); ++x) {
      set(x, y, ch, style);
    }
  }
}

void Canvas::paint(Rect area, Style style) {
  const Rect clipped = intersect(area, bounds());
  for (int y = clipped.y; y < clipped.bottom(); ++y) {
    for (int x = clipped.x; x < clipped.right(); ++x) {
      Cell& cell = cells_[static_cast<std::size_t>(y * width_ + x)];
      cell.role = style.role;
      cell.attrs = style.attrs;
    }
  }
}

void Canvas::box(Rect area, std::string_view title, Style border, bool ascii) {
  if (area.width < 2 || area.height < 2) {
    return;
  }
  const char32_t horizontal = ascii ? U'-' : U'─';
  const char32_t vertical = ascii ? U'|' : U'│';
  const char32_t corners[4] = {ascii ? U'+' : U'┌', ascii ? U'+' : U'┐', ascii ? U'+' : U'└',
                               ascii ? U'+' : U'┘'};
  const int right = area.right() - 1;
  const int bottom = area.bottom() - 1;
  for (int x = area.x + 1; x < right; ++x) {
    set(x, area.y, horizontal, border);
    set(x, bottom, horizontal, border);
  }
  for (int y = area.y + 1; y < bottom; ++y) {
    set(area.x, y, vertical, border);
    set(right, y, vertical, border);
  }
  set(area.x, area.y, corners[0], border);
  set(right, area.y, corners[1], border);
  set(area.x, bottom, corners[2], border);
  set(right, bottom, corners[3], border);
  // "┌─ Title ─┐": one line and a space each side of the title; at least one line cell before the corner.
  const int room = area.width - 5;
  if (!title.empty() && room > 0) {
    const std::string shown = " " + truncate_to_width(title, room, ascii) + " ";
    text(area.x + 2, area.y, shown, Style{Role::kAccent, kAttrBold},
         Rect{area.x + 1, area.y, area.width - 2, 1});
  }
}

void Canvas::clear(Style style) {
  std::fill(cells_.begin(), cells_.end(), Cell{U' ', style.role, style.attrs, false});
}

std::string Canvas::to_text() const {
  std::string out;
  for (int y = 0; y < height_; ++y) {
    for (int x = 0; x < width_; ++x) {
      const Cell& cell = at(x, y);
      if (!cell.continuation) {
        out += encode_utf8(cell.ch);
      }
    }
    out += '\n';
  }
  return out;
}

std::string Canvas::roles_to_text() const {
  std::string out;
  for (int y = 0; y < height_; ++y) {
    for (int x = 0; x < width_; ++x) {
      out += role_letter(at(x, y).role);
    }
    out += '\n';
  }
  return out;
}

}  // namespace opsdeck::tui
