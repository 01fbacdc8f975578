// Filtering and sorting for Table. Sort keys are parsed once per row, not in every comparison, because a
// view calls set_rows() every frame and a jobs table can hold thousands of rows.
#include "tui/widgets/table_order.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace opsdeck::tui {
namespace {

std::string fold_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

struct SortKey {
  bool is_number = false;
  double number = 0;
  std::string text;  // case-folded
};

SortKey make_key(const TableRow& row, std::size_t column) {
  SortKey key;
  if (column >= row.cells.size()) {
    return key;
  }
  const TableCell& cell = row.cells[column];
  const std::string_view raw = cell.sort_key.empty() ? std::string_view(cell.text) : cell.sort_key;
  double value = 0;
  const auto* end = raw.data() + raw.size();
  const auto [ptr, ec] = std::from_chars(raw.data(), end, value);
  if (!raw.empty() && ec == std::errc{} && ptr == end && std::isfinite(value)) {
    key.is_number = true;
    key.number = value;
  }
  key.text = fold_case(raw);
  return key;
}

// Numbers sort before text; numbers by value, text case-insensitively. Returns <0, 0, >0.
int compare(const SortKey& a, const SortKey& b) {
  if (a.is_number != b.is_number) {
    return a.is_number ? -1 : 1;
  }
  if (a.is_number) {
    return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
  }
  return a.text.compare(b.text);
}

}  // namespace

bool row_matches(const TableRow& row, std::string_view filter) {
  if (filter.empty()) {
    return true;
  }
  const std::string needle = fold_case(filter);
  return std::any_of(row.cells.begin(), row.cells.end(), [&](const TableCell& cell) {
    return fold_case(cell.text).find(needle) != std::string::npos;
  });
}

std::vector<std::size_t> table_order(const std::vector<TableRow>& rows, std::string_view filter,
                                     std::optional<std::size_t> column, bool descending) {
  std::vector<std::size_t> order;
  order.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (row_matches(rows[i], filter)) {
      order.push_back(i);
    }
  }
  if (!column) {
    return order;
  }
  std::vector<SortKey> keys(rows.size());
  for (std::size_t index : order) {
    keys[index] = make_key(rows[index], *column);
  }
  // Stable, and equal keys keep row order in both directions, so reversing does not shuffle ties.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const int result = compare(keys[a], keys[b]);
    return descending ? result > 0 : result < 0;
  });
  return order;
}

}  // namespace opsdeck::tui
