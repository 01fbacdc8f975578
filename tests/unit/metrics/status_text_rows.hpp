// Splits `mariadb -B` output (tab-separated, "NULL" for NULL) into the poller's StatusRows, for the parser
// tests that read captured text.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "backend/metrics/mariadb_status_parse.hpp"

namespace opsdeck::metrics::testing {

inline std::vector<std::optional<std::string>> split_tabs(const std::string& line) {
  std::vector<std::optional<std::string>> cells;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    std::string cell = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
    cells.push_back(cell == "NULL" ? std::nullopt : std::optional(cell));
    if (tab == std::string::npos) {
      return cells;
    }
    start = tab + 1;
  }
}

// SHOW GLOBAL STATUS with -N: "name<TAB>value" per line.
inline StatusRows status_rows(const std::string& text) {
  StatusRows rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    auto cells = split_tabs(line);
    if (cells.size() == 2 && cells[0]) {
      rows.emplace_back(*cells[0], cells[1]);
    }
  }
  return rows;
}

// A result with a header line: the first data row as column -> value (empty when there is none).
inline StatusRows first_row(const std::string& text) {
  std::istringstream lines(text);
  std::string header;
  std::string row;
  StatusRows out;
  if (!std::getline(lines, header) || !std::getline(lines, row)) {
    return out;
  }
  auto names = split_tabs(header);
  auto values = split_tabs(row);
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
    out.emplace_back(names[i].value_or(""), values[i]);
  }
  return out;
}

// A result with a header line: every data row as column -> value.
inline std::vector<StatusRows> all_rows(const std::string& text) {
  std::istringstream lines(text);
  std::string header;
  std::string row;
  std::vector<StatusRows> out;
  if (!std::getline(lines, header)) {
    return out;
  }
  auto names = split_tabs(header);
  while (std::getline(lines, row)) {
    auto values = split_tabs(row);
    StatusRows cells;
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
      cells.emplace_back(names[i].value_or(""), values[i]);
    }
    out.push_back(std::move(cells));
  }
  return out;
}

}  // namespace opsdeck::metrics::testing
