// MariadbBulkSession: a Connector/C handle opened like every other opsdeck connection (same timeouts,
// utf8mb4, TLS rules, via the store's open_mysql), with multi-statements switched on.
#include "backend/store/mariadb_bulk_session.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "backend/store/mariadb_error.hpp"
#include "backend/store/mariadb_handle.hpp"

namespace opsdeck::store {
namespace {

constexpr std::chrono::seconds kBulkReadTimeout{3600};
constexpr unsigned kBinaryCharset = 63;

struct ResultFree {
  void operator()(MYSQL_RES* result) const { mysql_free_result(result); }
};
using ResultPtr = std::unique_ptr<MYSQL_RES, ResultFree>;

ColumnValueKind literal_kind(const MYSQL_FIELD& field) {
  switch (field.type) {
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
    case MYSQL_TYPE_YEAR:
      return ColumnValueKind::kNumber;
    case MYSQL_TYPE_BIT:
    case MYSQL_TYPE_GEOMETRY:
      return ColumnValueKind::kBinary;
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
      return field.charsetnr == kBinaryCharset ? ColumnValueKind::kBinary : ColumnValueKind::kString;
    default:
      return ColumnValueKind::kString;
  }
}

std::string shown(std::string_view sql) {
  return sql_for_message(sql);
}

}  // namespace

struct MariadbBulkSession::Handle {
  MysqlPtr mysql;
};

MariadbBulkSession::MariadbBulkSession(MariadbOptions options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
}

MariadbBulkSession::~MariadbBulkSession() = default;

core::Result<std::unique_ptr<MariadbBulkSession>> MariadbBulkSession::open(const MariadbOptions& options) {
  MariadbOptions bulk = options;
  bulk.read_timeout = std::max(bulk.read_timeout, kBulkReadTimeout);
  std::unique_ptr<MariadbBulkSession> session(new MariadbBulkSession(bulk));
  auto mysql = MariadbConnection::Handle::open_mysql(bulk);
  if (!mysql.ok()) {
    return core::fail(mysql.error().category,
                      "mariadb at " + bulk.describe() + ": connecting: " + mysql.error().message);
  }
  session->handle_->mysql = std::move(mysql.value());
  if (mysql_set_server_option(session->handle_->mysql.get(), MYSQL_OPTION_MULTI_STATEMENTS_ON) != 0) {
    return session->fail("switching multi-statements on");
  }
  auto packet = session->query("SELECT @@max_allowed_packet");
  if (!packet.ok()) {
    return core::Unexpected{packet.error()};
  }
  if (!packet->empty() && !packet->front().empty() && packet->front()[0]) {
    session->max_packet_bytes_ = std::stoull(*packet->front()[0]);
  }
  return session;
}

core::Unexpected MariadbBulkSession::fail(std::string_view doing) {
  MYSQL* mysql = handle_->mysql.get();
  const unsigned code = mysql_errno(mysql);
  return core::fail(mariadb_error_category(code), "mariadb at " + options_.describe() + ": " +
                                                      std::string(doing) + ": " + mysql_error(mysql) +
                                                      " (error " + std::to_string(code) + ")");
}

std::string MariadbBulkSession::server_version() const {
  return mysql_get_server_info(handle_->mysql.get());
}

core::Status MariadbBulkSession::run(std::string_view sql) {
  MYSQL* mysql = handle_->mysql.get();
  failed_statement_index_ = 0;
  if (mysql_real_query(mysql, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return fail("running statement 1 of a batch of statements");
  }
  std::size_t index = 0;
  for (;;) {
    ResultPtr result(mysql_store_result(mysql));
    if (!result && mysql_field_count(mysql) != 0) {
      failed_statement_index_ = index;
      return fail("reading the result of statement " + std::to_string(index + 1));
    }
    const int next = mysql_next_result(mysql);
    if (next == -1) {
      return {};
    }
    ++index;
    if (next > 0) {
      failed_statement_index_ = index;
      return fail("running statement " + std::to_string(index + 1) + " of a batch of statements");
    }
  }
}

core::Result<TextRows> MariadbBulkSession::query(std::string_view sql) {
  MYSQL* mysql = handle_->mysql.get();
  if (mysql_real_query(mysql, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return fail("running `" + shown(sql) + "`");
  }
  ResultPtr result(mysql_store_result(mysql));
  if (!result) {
    if (mysql_field_count(mysql) != 0) {
      return fail("reading the result of `" + shown(sql) + "`");
    }
    return TextRows{};
  }
  TextRows rows;
  const unsigned columns = mysql_num_fields(result.get());
  while (MYSQL_ROW row = mysql_fetch_row(result.get())) {
    const unsigned long* lengths = mysql_fetch_lengths(result.get());
    auto& out = rows.emplace_back();
    for (unsigned index = 0; index < columns; ++index) {
      if (row[index] == nullptr) {
        out.emplace_back(std::nullopt);
      } else {
        out.emplace_back(std::string(row[index], lengths[index]));
      }
    }
  }
  while (mysql_more_results(mysql)) {
    if (mysql_next_result(mysql) > 0) {
      return fail("reading the result of `" + shown(sql) + "`");
    }
    ResultPtr extra(mysql_store_result(mysql));
  }
  return rows;
}

core::Status MariadbBulkSession::stream(
    std::string_view sql, const std::function<core::Status(const std::vector<BulkColumn>&)>& on_columns,
    const std::function<core::Status(const RowCells&)>& on_row) {
  MYSQL* mysql = handle_->mysql.get();
  if (mysql_real_query(mysql, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return fail("running `" + shown(sql) + "`");
  }
  ResultPtr result(mysql_use_result(mysql));
  if (!result) {
    return fail("reading the result of `" + shown(sql) + "`");
  }
  const unsigned count = mysql_num_fields(result.get());
  const MYSQL_FIELD* fields = mysql_fetch_fields(result.get());
  std::vector<BulkColumn> columns;
  for (unsigned index = 0; index < count; ++index) {
    columns.push_back(
        {std::string(fields[index].name, fields[index].name_length), literal_kind(fields[index])});
  }
  core::Status status = on_columns(columns);
  // With mysql_use_result every row must be fetched (or the connection is unusable), even after a failure.
  while (MYSQL_ROW row = mysql_fetch_row(result.get())) {
    if (status.ok()) {
      status = on_row(RowCells{row, mysql_fetch_lengths(result.get())});
    }
  }
  if (mysql_errno(mysql) != 0) {
    return fail("reading rows of `" + shown(sql) + "`");
  }
  return status;
}

}  // namespace opsdeck::store
