// The row order of a Table: which rows pass the filter and in what order they sort. Kept apart from the
// drawing so sorting rules (numbers before text, numbers compared numerically) are tested on their own.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "tui/widgets/table.hpp"

namespace opsdeck::tui {

// True when some cell of the row contains `filter` (case-insensitive for ASCII letters); empty matches all.
bool row_matches(const TableRow& row, std::string_view filter);

// Indices of the rows that match `filter`, stably sorted by `column` when given.
std::vector<std::size_t> table_order(const std::vector<TableRow>& rows, std::string_view filter,
                                     std::optional<std::size_t> column, bool descending);

}  // namespace opsdeck::tui
