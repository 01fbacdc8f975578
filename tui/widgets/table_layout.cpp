// Column layout for Table; see table_layout.hpp.
#include "tui/widgets/table_layout.hpp"

#include <algorithm>

namespace opsdeck::tui {

std::vector<ColumnPlacement> layout_columns(const std::vector<ColumnWidth>& columns, int total, int gap) {
  std::vector<ColumnPlacement> placements(columns.size());
  if (columns.empty() || total <= 0) {
    return placements;
  }
  auto required = [](const ColumnWidth& column) {
    return column.flex > 0 ? std::max(column.min_width, 1) : std::max(column.width, 0);
  };
  // The longest prefix of columns whose required widths fit; the rest are dropped from the right, because
  // the left columns (name, id) are the ones that identify a row.
  std::size_t shown = 0;
  int used = 0;
  for (const auto& column : columns) {
    const int needed = required(column) + (shown > 0 ? gap : 0);
    if (used + needed > total) {
      break;
    }
    used += needed;
    ++shown;
  }
  if (shown == 0) {
    placements[0] = ColumnPlacement{0, total, true};  // one column cut to the width beats an empty table
    return placements;
  }
  int weights = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    weights += std::max(columns[i].flex, 0);
  }
  const int spare = total - used;
  std::vector<int> widths(shown);
  int handed_out = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    widths[i] = required(columns[i]);
    if (columns[i].flex > 0 && weights > 0) {
      const int share = spare * columns[i].flex / weights;
      widths[i] += share;
      handed_out += share;
    }
  }
  int leftover = weights > 0 ? spare - handed_out : 0;
  for (std::size_t i = 0; i < shown && leftover > 0; ++i) {
    if (columns[i].flex > 0) {
      ++widths[i];
      --leftover;
    }
  }
  int x = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    placements[i] = ColumnPlacement{x, widths[i], widths[i] > 0};
    x += widths[i] + gap;
  }
  return placements;
}

}  // namespace opsdeck::tui
