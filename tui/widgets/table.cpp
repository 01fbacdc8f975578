// Table state and drawing. Selection is an index into the shown rows, but it follows the row id across
// set_rows() so a row that moves (new sort, new data) stays selected.
#include "tui/widgets/table.hpp"

#include <algorithm>

#include "tui/widgets/table_order.hpp"

namespace opsdeck::tui {
namespace {

// Draws `text` in a cell of `width` columns with the column's alignment, cut with an ellipsis if needed.
void draw_aligned(Canvas& canvas, int x, int y, int width, std::string_view text, Align align, Style style,
                  bool ascii) {
  if (width <= 0) {
    return;
  }
  const std::string shown = truncate_to_width(text, width, ascii);
  const int shown_width = display_width(shown);
  int offset = 0;
  if (align == Align::kRight) {
    offset = width - shown_width;
  } else if (align == Align::kCenter) {
    offset = (width - shown_width) / 2;
  }
  canvas.text(x + offset, y, shown, style, Rect{x, y, width, 1});
}

}  // namespace

Table::Table(std::vector<TableColumn> columns) : columns_(std::move(columns)) {
}

void Table::set_columns(std::vector<TableColumn> columns) {
  columns_ = std::move(columns);
  if (sort_column_ && *sort_column_ >= columns_.size()) {
    sort_column_.reset();
  }
  rebuild_order();
}

void Table::set_rows(std::vector<TableRow> rows) {
  rows_ = std::move(rows);
  rebuild_order();
}

void Table::sort_by(std::size_t column, bool descending) {
  if (column >= columns_.size()) {
    return;
  }
  sort_column_ = column;
  sort_descending_ = descending;
  rebuild_order();
}

void Table::clear_sort() {
  sort_column_.reset();
  sort_descending_ = false;
  rebuild_order();
}

void Table::set_filter(std::string text) {
  filter_ = std::move(text);
  rebuild_order();
}

std::string Table::count_label() const {
  return std::to_string(order_.size()) + " of " + std::to_string(rows_.size());
}

std::optional<std::size_t> Table::selected_index() const {
  return selected_;
}

const TableRow* Table::selected_row() const {
  if (!selected_ || *selected_ >= order_.size()) {
    return nullptr;
  }
  return &rows_[order_[*selected_]];
}

void Table::select(std::size_t shown_index) {
  if (order_.empty()) {
    selected_.reset();
    selected_id_.clear();
    return;
  }
  selected_ = std::min(shown_index, order_.size() - 1);
  selected_id_ = rows_[order_[*selected_]].id;
  keep_selection_visible();
}

bool Table::select_id(std::string_view id) {
  for (std::size_t i = 0; i < order_.size(); ++i) {
    if (rows_[order_[i]].id == id) {
      select(i);
      return true;
    }
  }
  return false;
}

void Table::move_selection(int delta) {
  if (order_.empty()) {
    return;
  }
  const auto current = static_cast<long>(selected_.value_or(0));
  const long last = static_cast<long>(order_.size()) - 1;
  select(static_cast<std::size_t>(std::clamp(current + delta, 0L, last)));
}

void Table::rebuild_order() {
  order_ = table_order(rows_, filter_, sort_column_, sort_descending_);
  if (order_.empty()) {
    selected_.reset();
    scroll_ = 0;
    return;
  }
  // Follow the selected row by id when it is still shown; otherwise keep the position (the row below moves
  // up into it), which is what a user expects after the selected job finished and left a filtered list.
  if (!selected_id_.empty()) {
    for (std::size_t i = 0; i < order_.size(); ++i) {
      if (rows_[order_[i]].id == selected_id_) {
        selected_ = i;
        keep_selection_visible();
        return;
      }
    }
  }
  select(std::min(selected_.value_or(0), order_.size() - 1));
}

int Table::body_height() const {
  return std::max(1, last_body_height_);
}

void Table::keep_selection_visible() {
  const int height = body_height();
  const int count = static_cast<int>(order_.size());
  if (selected_) {
    const int selected = static_cast<int>(*selected_);
    if (selected < scroll_) {
      scroll_ = selected;
    } else if (selected >= scroll_ + height) {
      scroll_ = selected - height + 1;
    }
  }
  scroll_ = std::clamp(scroll_, 0, std::max(0, count - height));
}

bool Table::on_key(const Key& key) {
  using Code = Key::Code;
  if (editing_filter_) {
    if (key.code == Code::kEnter) {
      editing_filter_ = false;
    } else if (key.code == Code::kEscape) {
      editing_filter_ = false;
      filter_input_.clear();
      set_filter({});
    } else if (key.code == Code::kUp || key.code == Code::kDown) {
      move_selection(key.code == Code::kUp ? -1 : 1);
    } else if (filter_input_.on_key(key)) {
      set_filter(filter_input_.text());
    }
    return true;  // typing a filter captures every key
  }
  if (key.is_char(U'/')) {
    editing_filter_ = true;
    filter_input_.set_text(filter_);
    return true;
  }
  if (key.code == Code::kEscape && !filter_.empty()) {
    filter_input_.clear();
    set_filter({});
    return true;
  }
  const int page = std::max(1, body_height() - 1);
  switch (key.code) {
    case Code::kUp:
      move_selection(-1);
      return true;
    case Code::kDown:
      move_selection(1);
      return true;
    case Code::kPageUp:
      move_selection(-page);
      return true;
    case Code::kPageDown:
      move_selection(page);
      return true;
    case Code::kHome:
      select(0);
      return true;
    case Code::kEnd:
      select(order_.empty() ? 0 : order_.size() - 1);
      return true;
    default:
      break;
  }
  if (key.code != Code::kChar || key.ctrl) {
    return false;
  }
  switch (key.ch) {
    case U'k':
      move_selection(-1);
      return true;
    case U'j':
      move_selection(1);
      return true;
    case U'g':
      select(0);
      return true;
    case U'G':
      select(order_.empty() ? 0 : order_.size() - 1);
      return true;
    case U's': {
      // Next sortable column after the current one, wrapping around; ascending again.
      const std::size_t count = columns_.size();
      const std::size_t start = sort_column_ ? *sort_column_ + 1 : 0;
      for (std::size_t step = 0; step < count; ++step) {
        const std::size_t column = (start + step) % count;
        if (columns_[column].sortable) {
          sort_by(column, false);
          return true;
        }
      }
      return true;
    }
    case U'S':
      if (sort_column_) {
        sort_by(*sort_column_, !sort_descending_);
      } else {
        for (std::size_t column = 0; column < columns_.size(); ++column) {
          if (columns_[column].sortable) {
            sort_by(column, true);
            break;
          }
        }
      }
      return true;
    default:
      return false;
  }
}

void Table::render(Canvas& canvas, Rect area, const Glyphs& glyphs, bool focused) {
  if (area.empty()) {
    return;
  }
  const bool filter_line = editing_filter_ || !filter_.empty();
  const int footer = filter_line && area.height > 2 ? 1 : 0;
  last_body_height_ = std::max(1, area.height - 1 - footer);
  keep_selection_visible();

  std::vector<ColumnWidth> widths;
  for (const auto& column : columns_) {
    widths.push_back(ColumnWidth{column.width, column.flex, column.min_width});
  }
  const auto placements = layout_columns(widths, area.width);

  // Header: titles with the sort arrow on the sorted column.
  const Style header_style{Role::kAccent, kAttrBold};
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (!placements[c].visible) {
      continue;
    }
    std::string title = columns_[c].title;
    if (sort_column_ == c) {
      title += encode_utf8(sort_descending_ ? glyphs.arrow_down : glyphs.arrow_up);
    }
    draw_aligned(canvas, area.x + placements[c].x, area.y, placements[c].width, title, columns_[c].align,
                 header_style, glyphs.ascii);
  }

  const int body_top = area.y + 1;
  if (order_.empty() && area.height > 1) {
    const std::string empty = filter_.empty() ? "no rows" : "no rows match \"" + filter_ + "\"";
    canvas.text(area.x, body_top, truncate_to_width(empty, area.width, glyphs.ascii), Style{Role::kMuted},
                area);
  }
  for (int line = 0; line < last_body_height_ && area.height > 1; ++line) {
    const std::size_t shown = static_cast<std::size_t>(scroll_ + line);
    if (shown >= order_.size()) {
      break;
    }
    const TableRow& row = rows_[order_[shown]];
    const int y = body_top + line;
    Style style{row.role.value_or(Role::kDefault), kAttrNone};
    const bool selected = selected_ == shown;
    if (selected) {
      style = focused ? Style{Role::kSelection, kAttrNone} : Style{style.role, kAttrBold};
      canvas.fill(Rect{area.x, y, area.width, 1}, U' ', style);
    }
    for (std::size_t c = 0; c < columns_.size() && c < row.cells.size(); ++c) {
      if (placements[c].visible) {
        draw_aligned(canvas, area.x + placements[c].x, y, placements[c].width, row.cells[c].text,
                     columns_[c].align, style, glyphs.ascii);
      }
    }
  }

  if (footer == 1) {
    const int y = area.bottom() - 1;
    const std::string count = count_label();
    const int count_width = display_width(count);
    const int room = std::max(0, area.width - count_width - 1);
    canvas.text(area.x, y, "/", Style{Role::kKeyHint, kAttrNone}, area);
    if (editing_filter_) {
      filter_input_.render(canvas, Rect{area.x + 1, y, std::max(0, room - 1), 1});
    } else {
      canvas.text(area.x + 1, y, truncate_to_width(filter_, std::max(0, room - 1), glyphs.ascii),
                  Style{Role::kInput, kAttrNone}, area);
    }
    canvas.text(area.right() - count_width, y, count, Style{Role::kMuted, kAttrNone}, area);
  }
}

}  // namespace opsdeck::tui
