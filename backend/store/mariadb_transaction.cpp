// Transactions: begin/commit/rollback on the connection and the RAII Transaction. A transaction cannot be
// retried on a new connection (its earlier statements are gone with the old one), so losing the server inside
// one is reported, never papered over.
#include "backend/store/mariadb_handle.hpp"

namespace opsdeck::store {
namespace {

core::Status run_command(MariadbConnection::Handle& handle, const MariadbOptions& options,
                         std::string_view sql) {
  if (!handle.mysql) {
    return core::fail(core::ErrorCategory::kUnavailable,
                      "mariadb at " + options.describe() + ": " + std::string(sql) + ": not connected");
  }
  if (mysql_real_query(handle.mysql.get(), sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return handle.fail_from_connection(options, sql);
  }
  return {};
}

}  // namespace

core::Status MariadbConnection::begin() {
  if (in_transaction_) {
    return core::fail(core::ErrorCategory::kConflict,
                      "mariadb at " + options_.describe() + ": begin(): a transaction is already open");
  }
  // Nothing has run inside the transaction yet, so START TRANSACTION itself may be retried after a reconnect.
  OPSDECK_TRY(Handle::run_with_reconnect(
      *this, [this] { return run_command(*handle_, options_, "START TRANSACTION"); }));
  in_transaction_ = true;
  return {};
}

core::Status MariadbConnection::commit() {
  if (!in_transaction_) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "mariadb at " + options_.describe() + ": commit(): no transaction is open");
  }
  if (handle_->transaction_lost || !handle_->mysql) {
    in_transaction_ = false;
    handle_->transaction_lost = false;
    return core::fail(
        core::ErrorCategory::kUnavailable,
        "mariadb at " + options_.describe() +
            ": commit(): the server went away inside the transaction, so it was lost and nothing "
            "was committed");
  }
  handle_->last_error_code = 0;
  auto committed = run_command(*handle_, options_, "COMMIT");
  if (committed.ok()) {
    in_transaction_ = false;
    return committed;
  }
  if (is_server_gone_error(handle_->last_error_code)) {
    // The reply was lost, not necessarily the commit: say so rather than guess.
    in_transaction_ = false;
    handle_->mysql.reset();
    return core::fail(core::ErrorCategory::kUnavailable,
                      "mariadb at " + options_.describe() +
                          ": the server went away during COMMIT, so whether the transaction was committed is "
                          "unknown: " +
                          committed.error().message);
  }
  // Still open (e.g. a deadlock reported at commit): the caller or ~Transaction rolls back.
  return committed;
}

core::Status MariadbConnection::rollback() {
  if (!in_transaction_) {
    return {};
  }
  in_transaction_ = false;
  if (handle_->transaction_lost || !handle_->mysql) {
    // The server already rolled back when the connection dropped.
    handle_->transaction_lost = false;
    return {};
  }
  handle_->last_error_code = 0;
  auto rolled_back = run_command(*handle_, options_, "ROLLBACK");
  if (!rolled_back.ok() && is_server_gone_error(handle_->last_error_code)) {
    // Same outcome as a rollback: the server discards uncommitted work of a dropped connection.
    handle_->mysql.reset();
    return {};
  }
  return rolled_back;
}

core::Result<Transaction> Transaction::begin(MariadbConnection& connection) {
  OPSDECK_TRY(connection.begin());
  return Transaction(connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {
}

Transaction::~Transaction() {
  if (connection_ != nullptr && connection_->in_transaction()) {
    // A destructor cannot report; a rollback that fails leaves a connection the pool's ping will catch.
    (void)connection_->rollback();
  }
}

core::Status Transaction::commit() {
  if (connection_ == nullptr) {
    return core::fail(core::ErrorCategory::kInvalidInput, "commit(): this transaction is already finished");
  }
  auto committed = connection_->commit();
  if (committed.ok() || !connection_->in_transaction()) {
    connection_ = nullptr;
  }
  return committed;
}

}  // namespace opsdeck::store
