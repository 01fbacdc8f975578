// MariadbConnection::execute_plain(): the text protocol (mysql_real_query + mysql_store_result) for fixed
// statements such as SHOW GLOBAL STATUS, which some servers refuse to prepare. Cells are text or NULL.
#include <memory>

#include "backend/store/mariadb_handle.hpp"

namespace opsdeck::store {
namespace {

struct MysqlResultFree {
  void operator()(MYSQL_RES* result) const { mysql_free_result(result); }
};
using MysqlResultPtr = std::unique_ptr<MYSQL_RES, MysqlResultFree>;

QueryResult rows_of(MYSQL_RES* stored) {
  QueryResult result;
  const unsigned column_count = mysql_num_fields(stored);
  const MYSQL_FIELD* fields = mysql_fetch_fields(stored);
  for (unsigned index = 0; index < column_count; ++index) {
    result.columns.emplace_back(fields[index].name, fields[index].name_length);
  }
  auto column_names = std::make_shared<const std::vector<std::string>>(result.columns);
  result.rows.reserve(static_cast<std::size_t>(mysql_num_rows(stored)));
  while (MYSQL_ROW row = mysql_fetch_row(stored)) {
    const unsigned long* lengths = mysql_fetch_lengths(stored);
    std::vector<Value> cells;
    cells.reserve(column_count);
    for (unsigned index = 0; index < column_count; ++index) {
      if (row[index] == nullptr) {
        cells.emplace_back(Null{});
      } else {
        cells.emplace_back(std::string(row[index], lengths[index]));
      }
    }
    result.rows.emplace_back(column_names, std::move(cells));
  }
  result.affected_rows = result.rows.size();
  return result;
}

}  // namespace

core::Result<QueryResult> MariadbConnection::execute_plain(std::string_view sql) {
  return Handle::run_with_reconnect(*this, [&]() -> core::Result<QueryResult> {
    MYSQL* mysql = handle_->mysql.get();
    const std::string shown_sql = sql_for_message(sql);
    if (mysql_real_query(mysql, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
      return handle_->fail_from_connection(options_, "running `" + shown_sql + "`");
    }
    QueryResult result;
    MysqlResultPtr stored(mysql_store_result(mysql));
    if (stored) {
      result = rows_of(stored.get());
    } else if (mysql_field_count(mysql) != 0) {
      return handle_->fail_from_connection(options_, "reading the result of `" + shown_sql + "`");
    } else {
      result.affected_rows = mysql_affected_rows(mysql);
      result.insert_id = mysql_insert_id(mysql);
    }
    // A CALL may return more result sets; they must be consumed before the next command.
    while (mysql_more_results(mysql)) {
      if (mysql_next_result(mysql) > 0) {
        return handle_->fail_from_connection(options_, "reading the result of `" + shown_sql + "`");
      }
      MysqlResultPtr extra(mysql_store_result(mysql));
    }
    return result;
  });
}

}  // namespace opsdeck::store
