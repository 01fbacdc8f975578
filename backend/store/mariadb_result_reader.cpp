// Result sets of prepared statements. Rows are buffered client-side (mysql_stmt_store_result) with
// STMT_ATTR_UPDATE_MAX_LENGTH set at prepare time, so that each text column's buffer can be sized from the
// longest value; cells that are larger than a buffer's cap anyway are fetched alone with
// mysql_stmt_fetch_column.
#include "backend/store/mariadb_result_reader.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace opsdeck::store {
namespace {

constexpr unsigned kBinaryCharset = 63;
// TIME and DECIMAL are converted to text by the client; their max_length is the binary one, so leave room.
constexpr std::size_t kMinimumTextBuffer = 64;
// One row's buffers never grow beyond this per column; longer cells go through mysql_stmt_fetch_column.
constexpr std::size_t kMaximumTextBuffer = std::size_t{1} << 20;

enum class CellKind { kSigned, kUnsigned, kBits, kDouble, kText, kBytes, kDateTime, kNull };

struct ColumnBuffer {
  CellKind kind = CellKind::kText;
  std::vector<char> text;  // kText and kBytes
  long long integer = 0;
  double number = 0.0;
  MYSQL_TIME time{};
  unsigned long length = 0;
  my_bool is_null = 0;
  my_bool truncated = 0;
};

struct MysqlResultFree {
  void operator()(MYSQL_RES* result) const { mysql_free_result(result); }
};

// Frees the rows buffered by mysql_stmt_store_result() on every way out, errors included.
class StoredRowsGuard {
 public:
  explicit StoredRowsGuard(MYSQL_STMT* statement) : statement_(statement) {}
  StoredRowsGuard(const StoredRowsGuard&) = delete;
  StoredRowsGuard& operator=(const StoredRowsGuard&) = delete;
  ~StoredRowsGuard() { mysql_stmt_free_result(statement_); }

 private:
  MYSQL_STMT* statement_;
};

CellKind kind_for(const MYSQL_FIELD& field) {
  const bool is_unsigned = (field.flags & UNSIGNED_FLAG) != 0;
  switch (field.type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
      return is_unsigned ? CellKind::kUnsigned : CellKind::kSigned;
    case MYSQL_TYPE_BIT:
      // Connector/C does not convert BIT into an integer buffer; we read the raw big-endian bytes instead.
      return CellKind::kBits;
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
      return CellKind::kDouble;
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:
    case MYSQL_TYPE_TIME:
      return CellKind::kText;
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE:
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_TIMESTAMP:
      return CellKind::kDateTime;
    case MYSQL_TYPE_NULL:
      return CellKind::kNull;
    default:
      return field.charsetnr == kBinaryCharset ? CellKind::kBytes : CellKind::kText;
  }
}

void prepare_bind(const MYSQL_FIELD& field, ColumnBuffer& column, MYSQL_BIND& bind) {
  std::memset(&bind, 0, sizeof(bind));
  column.kind = kind_for(field);
  switch (column.kind) {
    case CellKind::kSigned:
    case CellKind::kUnsigned:
      bind.buffer_type = MYSQL_TYPE_LONGLONG;
      bind.buffer = &column.integer;
      bind.is_unsigned = column.kind == CellKind::kUnsigned ? 1 : 0;
      break;
    case CellKind::kDouble:
      bind.buffer_type = MYSQL_TYPE_DOUBLE;
      bind.buffer = &column.number;
      break;
    case CellKind::kDateTime:
      bind.buffer_type = MYSQL_TYPE_DATETIME;
      bind.buffer = &column.time;
      bind.buffer_length = sizeof(column.time);
      break;
    case CellKind::kText:
    case CellKind::kBytes:
    case CellKind::kBits:
    case CellKind::kNull:
      column.text.resize(std::clamp<std::size_t>(field.max_length, kMinimumTextBuffer, kMaximumTextBuffer));
      bind.buffer_type = column.kind == CellKind::kText ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
      bind.buffer = column.text.data();
      bind.buffer_length = static_cast<unsigned long>(column.text.size());
      break;
  }
  bind.length = &column.length;
  bind.is_null = &column.is_null;
  bind.error = &column.truncated;
}

// The whole cell as bytes: from the row buffer, or fetched alone when it did not fit.
core::Result<std::string> read_text(MYSQL_STMT* statement, ColumnBuffer& column, unsigned index,
                                    MariadbConnection::Handle& connection, const MariadbOptions& options,
                                    std::string_view sql) {
  if (column.length <= column.text.size()) {
    return std::string(column.text.data(), column.length);
  }
  std::string whole(column.length, '\0');
  unsigned long length = 0;
  MYSQL_BIND bind;
  std::memset(&bind, 0, sizeof(bind));
  bind.buffer_type = column.kind == CellKind::kText ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
  bind.buffer = whole.data();
  bind.buffer_length = static_cast<unsigned long>(whole.size());
  bind.length = &length;
  if (mysql_stmt_fetch_column(statement, &bind, index, 0) != 0) {
    return connection.fail_from_statement(options, "reading a long column of `" + sql_for_message(sql) + "`",
                                          statement);
  }
  whole.resize(std::min<std::size_t>(length, whole.size()));
  return whole;
}

core::Result<Value> read_cell(MYSQL_STMT* statement, ColumnBuffer& column, unsigned index,
                              MariadbConnection::Handle& connection, const MariadbOptions& options,
                              std::string_view sql) {
  if (column.is_null != 0 || column.kind == CellKind::kNull) {
    return Value{Null{}};
  }
  switch (column.kind) {
    case CellKind::kSigned:
      return Value{static_cast<std::int64_t>(column.integer)};
    case CellKind::kUnsigned:
      return Value{static_cast<std::uint64_t>(column.integer)};
    case CellKind::kDouble:
      return Value{column.number};
    case CellKind::kDateTime: {
      const MYSQL_TIME& time = column.time;
      return Value{DateTime{static_cast<int>(time.year), static_cast<int>(time.month),
                            static_cast<int>(time.day), static_cast<int>(time.hour),
                            static_cast<int>(time.minute), static_cast<int>(time.second), time.second_part}};
    }
    case CellKind::kText:
    case CellKind::kBytes:
    case CellKind::kBits:
    case CellKind::kNull: {
      auto text = read_text(statement, column, index, connection, options, sql);
      if (!text.ok()) {
        return core::Unexpected{text.error()};
      }
      if (column.kind == CellKind::kBits) {
        std::uint64_t bits = 0;  // BIT(M) holds at most 64 bits: at most 8 bytes, most significant first
        for (char byte : *text) {
          bits = (bits << 8) | static_cast<unsigned char>(byte);
        }
        return Value{bits};
      }
      if (column.kind == CellKind::kBytes) {
        return Value{Bytes(text->begin(), text->end())};
      }
      return Value{std::move(text).value()};
    }
  }
  return Value{Null{}};
}

}  // namespace

core::Result<QueryResult> read_statement_result(MYSQL_STMT* statement, MariadbConnection::Handle& connection,
                                                const MariadbOptions& options, std::string_view sql) {
  QueryResult result;
  std::unique_ptr<MYSQL_RES, MysqlResultFree> metadata(mysql_stmt_result_metadata(statement));
  if (!metadata) {
    if (mysql_stmt_errno(statement) != 0) {
      return connection.fail_from_statement(options, "reading the result of `" + sql_for_message(sql) + "`",
                                            statement);
    }
    result.affected_rows = mysql_stmt_affected_rows(statement);
    result.insert_id = mysql_stmt_insert_id(statement);
    return result;
  }

  if (mysql_stmt_store_result(statement) != 0) {
    return connection.fail_from_statement(options, "reading the rows of `" + sql_for_message(sql) + "`",
                                          statement);
  }
  StoredRowsGuard stored_rows(statement);
  const unsigned column_count = mysql_num_fields(metadata.get());
  const MYSQL_FIELD* fields = mysql_fetch_fields(metadata.get());
  std::vector<ColumnBuffer> columns(column_count);
  std::vector<MYSQL_BIND> binds(column_count);
  for (unsigned index = 0; index < column_count; ++index) {
    result.columns.emplace_back(fields[index].name, fields[index].name_length);
    prepare_bind(fields[index], columns[index], binds[index]);
  }
  if (mysql_stmt_bind_result(statement, binds.data()) != 0) {
    return connection.fail_from_statement(options, "binding the columns of `" + sql_for_message(sql) + "`",
                                          statement);
  }

  auto column_names = std::make_shared<const std::vector<std::string>>(result.columns);
  result.rows.reserve(static_cast<std::size_t>(mysql_stmt_num_rows(statement)));
  while (true) {
    const int fetched = mysql_stmt_fetch(statement);
    if (fetched == MYSQL_NO_DATA) {
      break;
    }
    if (fetched != 0 && fetched != MYSQL_DATA_TRUNCATED) {
      return connection.fail_from_statement(options, "reading the rows of `" + sql_for_message(sql) + "`",
                                            statement);
    }
    std::vector<Value> cells;
    cells.reserve(column_count);
    for (unsigned index = 0; index < column_count; ++index) {
      auto cell = read_cell(statement, columns[index], index, connection, options, sql);
      if (!cell.ok()) {
        return core::Unexpected{cell.error()};
      }
      cells.push_back(std::move(cell).value());
    }
    result.rows.emplace_back(column_names, std::move(cells));
  }
  result.affected_rows = mysql_stmt_affected_rows(statement);
  // A CALL may leave more result sets behind; they must be consumed before the next command.
  while (mysql_stmt_more_results(statement) && mysql_stmt_next_result(statement) == 0) {
    mysql_stmt_free_result(statement);
  }
  return result;
}

}  // namespace opsdeck::store
