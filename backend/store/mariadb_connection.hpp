// A RAII connection to MariaDB over Connector/C, with prepared statements and reconnect.
//
// Every query that carries user data goes through prepare()/execute() with typed binds; execute_plain() is
// for fixed statements only (no user data, e.g. "SHOW GLOBAL STATUS"). When the server went away (errors
// 2006/2013) the connection reconnects once and retries a statement that is not inside a transaction; when it
// cannot, the error names the server and says so.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_options.hpp"
#include "backend/store/mariadb_value.hpp"

namespace opsdeck::store {

// One result row. Typed access by column index or name; get<T> fails with a message naming the column
// and the type that was found when the cell does not hold a T (integers widen, NULL only into optional).
// T is one of std::int64_t, std::uint64_t, double, std::string, Bytes, DateTime, bool, or std::optional of
// one of them (defined and instantiated in mariadb_row.cpp). Text and bytes convert into each other.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> cells);

  std::size_t size() const { return cells_.size(); }
  const Value& at(std::size_t index) const { return cells_.at(index); }
  const Value& at(std::string_view column) const;
  bool is_null(std::size_t index) const;

  template <typename T>
  core::Result<T> get(std::size_t index) const;
  template <typename T>
  core::Result<T> get(std::string_view column) const;

  const std::vector<std::string>& columns() const { return *columns_; }

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> cells_;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::uint64_t affected_rows = 0;
  std::uint64_t insert_id = 0;
};

class Statement;

class MariadbConnection {
 public:
  static core::Result<std::unique_ptr<MariadbConnection>> connect(const MariadbOptions& options);
  ~MariadbConnection();
  MariadbConnection(const MariadbConnection&) = delete;
  MariadbConnection& operator=(const MariadbConnection&) = delete;

  // Prepared statement with `?` placeholders; binds are matched by position.
  core::Result<QueryResult> execute(std::string_view sql, const std::vector<Value>& binds = {});
  // Statements that hold no user data (admin commands, SHOW ...). Never concatenate input into `sql`.
  core::Result<QueryResult> execute_plain(std::string_view sql);
  core::Result<std::unique_ptr<Statement>> prepare(std::string_view sql);

  core::Status begin();
  core::Status commit();
  core::Status rollback();
  bool in_transaction() const { return in_transaction_; }

  core::Status ping();  // reconnects if the server went away and came back
  std::string server_version() const;
  bool tls_in_use() const;  // a TLS cipher was negotiated
  const MariadbOptions& options() const { return options_; }

  // Strict identifier quoting for names that cannot be bound (database and table names):
  // backticks doubled, NUL rejected, at most 64 characters.
  static core::Result<std::string> quote_identifier(std::string_view name);

  struct Handle;  // wraps MYSQL*; defined in the .cpp

 private:
  explicit MariadbConnection(MariadbOptions options);
  core::Status open();
  core::Status reconnect();

  MariadbOptions options_;
  std::unique_ptr<Handle> handle_;
  bool in_transaction_ = false;
  friend class Statement;
};

// A prepared statement reusable with different binds. Owned by the caller; must not outlive its connection.
class Statement {
 public:
  ~Statement();
  core::Result<QueryResult> execute(const std::vector<Value>& binds = {});
  std::size_t parameter_count() const;

  struct Handle;  // wraps MYSQL_STMT*

 private:
  friend class MariadbConnection;
  Statement(MariadbConnection& connection, std::string sql);
  MariadbConnection& connection_;
  std::string sql_;
  std::unique_ptr<Handle> handle_;
};

// Commits on commit(); rolls back when destroyed without commit (RAII for early returns and errors).
class Transaction {
 public:
  static core::Result<Transaction> begin(MariadbConnection& connection);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  core::Status commit();

 private:
  explicit Transaction(MariadbConnection& connection) : connection_(&connection) {}
  MariadbConnection* connection_;
};

}  // namespace opsdeck::store
