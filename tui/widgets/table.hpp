// Table: columns, rows of text cells, selection, scrolling, sorting and a `/` filter. Pure UI state plus
// render(); a view fills it from a snapshot with set_rows() every frame and forwards keys to on_key().
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tui/canvas/canvas.hpp"
#include "tui/key.hpp"
#include "tui/widgets/glyphs.hpp"
#include "tui/widgets/table_layout.hpp"
#include "tui/widgets/text_input.hpp"

namespace opsdeck::tui {

enum class Align { kLeft, kRight, kCenter };

struct TableColumn {
  std::string title;
  int width = 0;      // fixed width; 0 with flex > 0 for a flexible column
  int flex = 0;       // share of the leftover width
  int min_width = 0;  // flexible columns narrower than this are dropped from the right
  Align align = Align::kLeft;
  bool sortable = true;
};

struct TableCell {
  std::string text;
  // Hidden sort key: when set it is compared instead of `text` ("2024-05-01T10:00" behind "3h ago").
  // A key (or text) that is a whole number ("42", "-3.5") sorts numerically before any non-number.
  std::string sort_key;
  TableCell() = default;
  TableCell(std::string cell_text) : text(std::move(cell_text)) {}  // NOLINT: implicit for brace lists
  TableCell(const char* cell_text) : text(cell_text) {}             // NOLINT
  TableCell(std::string cell_text, std::string key) : text(std::move(cell_text)), sort_key(std::move(key)) {}
};

struct TableRow {
  std::string id;  // stable identity (job id, node id): selection follows it across updates
  std::vector<TableCell> cells;
  std::optional<Role> role;  // whole-row colour (crit for a failed job); none = default
};

class Table {
 public:
  Table() = default;
  explicit Table(std::vector<TableColumn> columns);

  void set_columns(std::vector<TableColumn> columns);
  const std::vector<TableColumn>& columns() const { return columns_; }
  // Replaces the rows (sort and filter are re-applied); the selection stays on the same row id if present.
  void set_rows(std::vector<TableRow> rows);
  const std::vector<TableRow>& rows() const { return rows_; }

  // Sorting: by a column index; `s` cycles the sortable columns, `S` reverses. No sort = row order.
  void sort_by(std::size_t column, bool descending = false);
  void clear_sort();
  std::optional<std::size_t> sort_column() const { return sort_column_; }
  bool sort_descending() const { return sort_descending_; }

  // Filter: case-insensitive substring over every cell. `/` starts typing one; Enter keeps it, Esc clears.
  void set_filter(std::string text);
  const std::string& filter() const { return filter_; }
  bool editing_filter() const { return editing_filter_; }
  std::size_t shown_count() const { return order_.size(); }
  std::size_t total_count() const { return rows_.size(); }
  // "n of m", for the title or the filter line.
  std::string count_label() const;

  // Selection over the shown rows (after filter and sort).
  std::optional<std::size_t> selected_index() const;
  const TableRow* selected_row() const;
  // Index into rows() of the shown row at `shown_index`.
  std::size_t row_index(std::size_t shown_index) const { return order_.at(shown_index); }
  void select(std::size_t shown_index);
  bool select_id(std::string_view id);
  void move_selection(int delta);
  int scroll_offset() const { return scroll_; }

  // Up/Down (k/j), PageUp/PageDown, Home/End (g/G), s/S, and `/` with the filter keys while typing.
  // Returns true when the key was used.
  bool on_key(const Key& key);

  // Header row, body rows (scrolled so the selection is visible) and, when filtering, a filter line at the
  // bottom. `focused` false draws the selection without the selection colour.
  void render(Canvas& canvas, Rect area, const Glyphs& glyphs = kUnicodeGlyphs, bool focused = true);

 private:
  void rebuild_order();
  void keep_selection_visible();
  int body_height() const;

  std::vector<TableColumn> columns_;
  std::vector<TableRow> rows_;
  std::vector<std::size_t> order_;  // indices into rows_ of the shown rows, in display order
  std::optional<std::size_t> sort_column_;
  bool sort_descending_ = false;
  std::string filter_;
  bool editing_filter_ = false;
  TextInput filter_input_;
  std::optional<std::size_t> selected_;  // index into order_
  std::string selected_id_;
  int scroll_ = 0;
  int last_body_height_ = 10;  // from the last render; page size for PageUp/PageDown
};

}  // namespace opsdeck::tui
