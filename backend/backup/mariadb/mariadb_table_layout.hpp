// What a dump needs to know about one table: the columns to read and insert (generated columns are left out:
// the server computes them and refuses values for them) and the key to read it by in chunks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backend/backup/mariadb/mariadb_raw_session.hpp"

namespace opsdeck::backup {

struct TableLayout {
  std::string quoted_name;           // `table`
  std::vector<std::string> columns;  // quoted, in table order, without generated columns
  // What the dump SELECTs per column: the column, or for FLOAT `col + 0e0`. The server prints a FLOAT with
  // 6 significant digits, which does not read back to the same float; as a double it prints exactly.
  std::vector<std::string> select_expressions;
  std::optional<std::size_t> chunk_key;  // index into `columns`: a single-column integer primary key
  std::string column_list() const;       // `a`,`b`,`c`
  std::string select_list() const;       // `a`,(`f` + 0e0),`c`
};

// From `SHOW COLUMNS FROM <table>` in the session's current database.
core::Result<TableLayout> read_table_layout(MariadbRawSession& session, const std::string& table);

// The CREATE TABLE statement, from SHOW CREATE TABLE (the database name left out: it is the current one).
core::Result<std::string> read_create_statement(MariadbRawSession& session, const std::string& object,
                                                bool view);

// `name` quoted with store::MariadbConnection::quote_identifier.
core::Result<std::string> quoted_identifier(const std::string& name);

}  // namespace opsdeck::backup
