#include "backend/backup/mariadb/mariadb_table_rows.hpp"

#include <string>
#include <vector>

#include "backend/backup/mariadb/sql_literal.hpp"

namespace opsdeck::backup {
namespace {

constexpr std::uint64_t kProgressEveryRows = 8192;

// Accumulates rows into INSERT statements of bounded size.
class InsertWriter {
 public:
  InsertWriter(const TableLayout& layout, DumpFileWriter& out, std::size_t max_bytes)
      : prefix_("INSERT INTO " + layout.quoted_name + " (" + layout.column_list() + ") VALUES "),
        out_(out),
        max_bytes_(max_bytes) {
    statement_.reserve(max_bytes_ + (64U << 10U));
  }

  core::Status add(const std::vector<ResultColumn>& columns, const RowCells& row) {
    if (statement_.empty()) {
      statement_.append(prefix_);
    } else {
      statement_.push_back(',');
    }
    statement_.push_back('(');
    for (std::size_t index = 0; index < columns.size(); ++index) {
      if (index > 0) {
        statement_.push_back(',');
      }
      if (row.cells[index] == nullptr) {
        statement_.append("NULL");
      } else {
        append_literal(statement_, columns[index].kind,
                       std::string_view(row.cells[index], row.lengths[index]));
      }
    }
    statement_.push_back(')');
    if (statement_.size() >= max_bytes_) {
      return end_statement();
    }
    return {};
  }

  core::Status end_statement() {
    if (statement_.empty()) {
      return {};
    }
    statement_.append(";\n");
    auto status = out_.write(statement_);
    statement_.clear();
    return status;
  }

 private:
  std::string prefix_;
  DumpFileWriter& out_;
  std::size_t max_bytes_;
  std::string statement_;
};

bool is_integer_text(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (std::size_t index = 0; index < text.size(); ++index) {
    const bool sign = index == 0 && text[index] == '-';
    if (!sign && (text[index] < '0' || text[index] > '9')) {
      return false;
    }
  }
  return true;
}

}  // namespace

core::Result<std::uint64_t> dump_table_rows(MariadbRawSession& session, const TableLayout& layout,
                                            DumpFileWriter& out, const MariadbDumpOptions& options,
                                            const RowProgress& progress) {
  InsertWriter writer(layout, out, options.max_statement_bytes);
  std::vector<ResultColumn> columns;
  std::uint64_t rows = 0;
  std::uint64_t rows_in_chunk = 0;
  std::string last_key;
  auto on_columns = [&](const std::vector<ResultColumn>& found) -> core::Status {
    columns = found;
    return {};
  };
  auto on_row = [&](const RowCells& row) -> core::Status {
    OPSDECK_TRY(writer.add(columns, row));
    ++rows;
    ++rows_in_chunk;
    if (layout.chunk_key) {
      const std::size_t key = *layout.chunk_key;
      last_key.assign(row.cells[key], row.lengths[key]);
    }
    if (rows % kProgressEveryRows == 0 && progress) {
      return progress(rows);
    }
    return {};
  };

  const std::string select = "SELECT " + layout.select_list() + " FROM " + layout.quoted_name;
  if (!layout.chunk_key) {
    OPSDECK_TRY(session.stream(select, on_columns, on_row));
  } else {
    // Keyset chunks: each SELECT continues after the last key read, inside the same snapshot.
    const std::string& key = layout.columns[*layout.chunk_key];
    const std::string order = " ORDER BY " + key + " LIMIT " + std::to_string(options.chunk_rows);
    bool first = true;
    for (;;) {
      rows_in_chunk = 0;
      std::string sql = select;
      if (!first) {
        if (!is_integer_text(last_key)) {
          return core::fail(core::ErrorCategory::kProtocol,
                            "the key of table " + layout.quoted_name + " did not read back as an integer");
        }
        sql += " WHERE " + key + " > " + last_key;
      }
      sql += order;
      OPSDECK_TRY(session.stream(sql, on_columns, on_row));
      first = false;
      if (rows_in_chunk < options.chunk_rows) {
        break;
      }
    }
  }
  OPSDECK_TRY(writer.end_statement());
  if (progress) {
    OPSDECK_TRY(progress(rows));
  }
  return rows;
}

}  // namespace opsdeck::backup
