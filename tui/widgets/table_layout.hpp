// Column layout for tables: fixed columns keep their width, flex columns share what is left, and columns
// are dropped from the right when the table is too narrow for them. A pure function, unit-tested.
#pragma once

#include <vector>

namespace opsdeck::tui {

struct ColumnWidth {
  int width = 0;      // fixed width in cells (when flex == 0)
  int flex = 0;       // weight of the remaining space
  int min_width = 0;  // a flex column needs at least this (at least 1) or it is dropped
};

struct ColumnPlacement {
  int x = 0;      // offset from the table's left edge
  int width = 0;  // 0 when the column is not shown
  bool visible = false;
};

// One placement per column; `gap` blank cells separate visible columns.
std::vector<ColumnPlacement> layout_columns(const std::vector<ColumnWidth>& columns, int total, int gap = 1);

}  // namespace opsdeck::tui
