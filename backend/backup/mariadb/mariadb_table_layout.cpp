#include "backend/backup/mariadb/mariadb_table_layout.hpp"

#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::backup {
namespace {

// SHOW COLUMNS: Field, Type, Null, Key, Default, Extra.
constexpr std::size_t kField = 0;
constexpr std::size_t kType = 1;
constexpr std::size_t kKey = 3;
constexpr std::size_t kExtra = 5;

bool is_integer_type(const std::string& type) {
  for (const char* prefix : {"tinyint", "smallint", "mediumint", "int", "bigint"}) {
    if (type.starts_with(prefix)) {
      return true;
    }
  }
  return false;
}

std::string cell(const std::vector<std::optional<std::string>>& row, std::size_t index) {
  return index < row.size() && row[index] ? *row[index] : std::string();
}

}  // namespace

core::Result<std::string> quoted_identifier(const std::string& name) {
  return store::MariadbConnection::quote_identifier(name);
}

std::string TableLayout::select_list() const {
  std::string list;
  for (const auto& expression : select_expressions) {
    if (!list.empty()) {
      list.push_back(',');
    }
    list.append(expression);
  }
  return list;
}

std::string TableLayout::column_list() const {
  std::string list;
  for (const auto& column : columns) {
    if (!list.empty()) {
      list.push_back(',');
    }
    list.append(column);
  }
  return list;
}

core::Result<TableLayout> read_table_layout(MariadbRawSession& session, const std::string& table) {
  TableLayout layout;
  auto quoted = quoted_identifier(table);
  OPSDECK_TRY(quoted);
  layout.quoted_name = *quoted;
  auto rows = session.query("SHOW COLUMNS FROM " + layout.quoted_name);
  OPSDECK_TRY(rows);
  std::size_t key_columns = 0;
  std::optional<std::size_t> integer_key;
  for (const auto& row : *rows) {
    const std::string extra = cell(row, kExtra);
    if (extra.find("GENERATED") != std::string::npos) {
      continue;
    }
    auto column = quoted_identifier(cell(row, kField));
    OPSDECK_TRY(column);
    if (cell(row, kKey) == "PRI") {
      ++key_columns;
      if (is_integer_type(cell(row, kType))) {
        integer_key = layout.columns.size();
      }
    }
    layout.select_expressions.push_back(cell(row, kType).starts_with("float") ? "(" + *column + " + 0e0)"
                                                                              : *column);
    layout.columns.push_back(*column);
  }
  if (layout.columns.empty()) {
    return core::fail(core::ErrorCategory::kProtocol,
                      "table " + table + " has no columns that can be dumped (all are generated)");
  }
  if (key_columns == 1) {
    layout.chunk_key = integer_key;
  }
  return layout;
}

core::Result<std::string> read_create_statement(MariadbRawSession& session, const std::string& object,
                                                bool view) {
  auto quoted = quoted_identifier(object);
  OPSDECK_TRY(quoted);
  auto rows = session.query((view ? "SHOW CREATE VIEW " : "SHOW CREATE TABLE ") + *quoted);
  OPSDECK_TRY(rows);
  if (rows->empty() || rows->front().size() < 2 || !rows->front()[1]) {
    return core::fail(core::ErrorCategory::kProtocol, "SHOW CREATE for " + object + " returned no statement");
  }
  return *rows->front()[1];
}

}  // namespace opsdeck::backup
