// Statement: a prepared statement that keeps its SQL, so that it can be prepared again transparently on the
// new connection after a reconnect (server-side statements do not survive one).
#include "backend/store/mariadb_handle.hpp"
#include "backend/store/mariadb_parameter_binds.hpp"
#include "backend/store/mariadb_result_reader.hpp"

namespace opsdeck::store {

Statement::Statement(MariadbConnection& connection, std::string sql)
    : connection_(connection), sql_(std::move(sql)), handle_(std::make_unique<Handle>()) {
}

Statement::~Statement() = default;

std::size_t Statement::parameter_count() const {
  return handle_->parameter_count;
}

core::Result<QueryResult> Statement::execute(const std::vector<Value>& binds) {
  return MariadbConnection::Handle::run_with_reconnect(connection_, [&]() -> core::Result<QueryResult> {
    if (!handle_->statement || handle_->generation != connection_.handle_->generation) {
      OPSDECK_TRY(Handle::prepare(*this));
    }
    return Handle::execute_once(*this, binds);
  });
}

core::Status Statement::Handle::prepare(Statement& statement) {
  MariadbConnection::Handle& connection = *statement.connection_.handle_;
  const MariadbOptions& options = statement.connection_.options_;
  Handle& handle = *statement.handle_;
  handle.statement.reset();
  MysqlStatementPtr prepared(mysql_stmt_init(connection.mysql.get()));
  if (!prepared) {
    return connection.fail_from_connection(options, "preparing `" + sql_for_message(statement.sql_) + "`");
  }
  // Makes mysql_stmt_store_result() compute each column's longest value, which sizes the row buffers.
  my_bool update_max_length = 1;
  mysql_stmt_attr_set(prepared.get(), STMT_ATTR_UPDATE_MAX_LENGTH, &update_max_length);
  if (mysql_stmt_prepare(prepared.get(), statement.sql_.data(), statement.sql_.size()) != 0) {
    return connection.fail_from_statement(options, "preparing `" + sql_for_message(statement.sql_) + "`",
                                          prepared.get());
  }
  handle.parameter_count = mysql_stmt_param_count(prepared.get());
  handle.generation = connection.generation;
  handle.statement = std::move(prepared);
  return {};
}

core::Result<QueryResult> Statement::Handle::execute_once(Statement& statement,
                                                          const std::vector<Value>& binds) {
  MariadbConnection::Handle& connection = *statement.connection_.handle_;
  const MariadbOptions& options = statement.connection_.options_;
  MYSQL_STMT* prepared = statement.handle_->statement.get();
  const std::string shown_sql = sql_for_message(statement.sql_);
  if (binds.size() != statement.handle_->parameter_count) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "mariadb at " + options.describe() + ": statement `" + shown_sql + "` expects " +
                          std::to_string(statement.handle_->parameter_count) + " parameters, got " +
                          std::to_string(binds.size()));
  }
  ParameterBinds parameters(binds);
  if (!binds.empty() && mysql_stmt_bind_param(prepared, parameters.data()) != 0) {
    return connection.fail_from_statement(options, "binding the parameters of `" + shown_sql + "`", prepared);
  }
  if (mysql_stmt_execute(prepared) != 0) {
    return connection.fail_from_statement(options, "executing `" + shown_sql + "`", prepared);
  }
  return read_statement_result(prepared, connection, options, statement.sql_);
}

}  // namespace opsdeck::store
