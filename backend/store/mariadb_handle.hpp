// Internal to backend/store: the Connector/C handles behind MariadbConnection and Statement, and the
// reconnect-once-and-retry rule that both follow. Only the store's .cpp files include this (it pulls in
// <mysql.h>, which the public headers keep out).
#pragma once

#include <mysql.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/store/mariadb_error.hpp"

namespace opsdeck::store {

struct MysqlCloser {
  void operator()(MYSQL* mysql) const { mysql_close(mysql); }
};
using MysqlPtr = std::unique_ptr<MYSQL, MysqlCloser>;

struct MysqlStatementCloser {
  void operator()(MYSQL_STMT* statement) const { mysql_stmt_close(statement); }
};
using MysqlStatementPtr = std::unique_ptr<MYSQL_STMT, MysqlStatementCloser>;

// SQL shortened for messages; SQL text carries no user data (that goes in binds), so it is safe to show.
std::string sql_for_message(std::string_view sql);

struct MariadbConnection::Handle {
  MysqlPtr mysql;  // null after the server went away, until a reconnect succeeds
  // Bumped on every reconnect: a Statement prepared under another generation is re-prepared before use.
  std::uint64_t generation = 0;
  // The server went away inside a transaction; statements fail until commit() or rollback() ends it.
  bool transaction_lost = false;
  // Code of the last failure recorded by fail_with(); 0 when the last failure was not from the server.
  unsigned last_error_code = 0;

  // Records `code` and builds "mariadb at <server>: <doing>: <message> (error <code>)".
  core::Unexpected fail_with(const MariadbOptions& options, std::string_view doing, unsigned code,
                             std::string_view message);
  core::Unexpected fail_from_connection(const MariadbOptions& options, std::string_view doing);
  core::Unexpected fail_from_statement(const MariadbOptions& options, std::string_view doing,
                                       MYSQL_STMT* statement);

  // A new connected MYSQL*, or the client's reason why not (without the server prefix).
  static core::Result<MysqlPtr> open_mysql(const MariadbOptions& options);

  // Before a statement: fails fast when the transaction was lost, reconnects when the connection is down.
  static core::Status before_statement(MariadbConnection& connection);
  // After a failure: when the server went away outside a transaction, reconnects and returns ok, meaning
  // "retry once". Otherwise returns the error to report (the original one, a lost transaction, or the
  // failed reconnect).
  static core::Status recover(MariadbConnection& connection, const core::Error& failure);

  // Runs `attempt` (a callable returning core::Result<T>) and, when the server went away outside a
  // transaction, reconnects and runs it once more. Statements may run twice when the connection was lost
  // after the server executed them (error 2013); that is the price of transparent reconnects.
  template <typename Attempt>
  static auto run_with_reconnect(MariadbConnection& connection, Attempt&& attempt) -> decltype(attempt()) {
    OPSDECK_TRY(before_statement(connection));
    connection.handle_->last_error_code = 0;
    auto first = attempt();
    if (first.ok()) {
      return first;
    }
    OPSDECK_TRY(recover(connection, first.error()));
    connection.handle_->last_error_code = 0;
    return attempt();
  }
};

struct Statement::Handle {
  MysqlStatementPtr statement;
  std::uint64_t generation = 0;  // the connection generation it was prepared under
  unsigned long parameter_count = 0;

  // (Re-)prepares `statement` on its connection's current MYSQL*; one attempt, no reconnect.
  static core::Status prepare(Statement& statement);
  // Binds, executes and reads the result; one attempt, no reconnect.
  static core::Result<QueryResult> execute_once(Statement& statement, const std::vector<Value>& binds);
};

}  // namespace opsdeck::store
