// The statements are fixed text (no input goes into them), so execute_plain is safe; the process list
// leaves out our own connection with CONNECTION_ID() and truncates statements on the server.
#include "backend/metrics/mariadb_status_poll.hpp"

#include <cstdlib>
#include <iterator>
#include <string>

namespace opsdeck::metrics {
namespace {

// At most 100 connections, each statement cut to 200 characters on the server: a busy server's process
// list stays a few kilobytes per poll.
constexpr std::string_view kProcessListSql =
    "SELECT ID, USER, HOST, DB, COMMAND, TIME_MS, STATE, LEFT(INFO, 200) FROM information_schema.PROCESSLIST "
    "WHERE ID <> CONNECTION_ID() ORDER BY COMMAND = 'Sleep', TIME_MS DESC LIMIT 100";

std::optional<std::string> cell_text(const store::Row& row, std::size_t index) {
  if (index >= row.size() || row.is_null(index)) {
    return std::nullopt;
  }
  auto text = row.get<std::string>(index);
  return text.ok() ? std::optional(*text) : std::nullopt;
}

// Text cells that should be numbers; anything else reads as 0 rather than throwing.
double number_of(const std::optional<std::string>& text) {
  if (!text || text->empty()) {
    return 0;
  }
  char* end = nullptr;
  double value = std::strtod(text->c_str(), &end);
  return end == text->c_str() + text->size() ? value : 0;
}

StatusRows as_status_rows(const store::QueryResult& result) {
  StatusRows rows;
  for (const auto& row : result.rows) {
    if (auto name = cell_text(row, 0)) {
      rows.emplace_back(*name, cell_text(row, 1));
    }
  }
  return rows;
}

// Every row of SHOW ALL REPLICAS STATUS as column -> value; none when the server is not a replica.
std::vector<StatusRows> rows_by_column(const store::QueryResult& result) {
  std::vector<StatusRows> out;
  for (const auto& row : result.rows) {
    StatusRows cells;
    for (std::size_t column = 0; column < result.columns.size(); ++column) {
      cells.emplace_back(result.columns[column], cell_text(row, column));
    }
    out.push_back(std::move(cells));
  }
  return out;
}

}  // namespace

void MariadbStatusPoll::reset() {
  previous_.reset();
  statements_since_sample_ = 0;
}

core::Result<store::QueryResult> MariadbStatusPoll::run(store::MariadbConnection& connection,
                                                        std::string_view sql) {
  ++statements_since_sample_;
  return connection.execute_plain(sql);
}

core::Status MariadbStatusPoll::poll(store::MariadbConnection& connection, ServerState& state) {
  auto result = run(connection, "SHOW GLOBAL STATUS");
  auto now = std::chrono::steady_clock::now();
  if (!result.ok()) {
    reset();
    return core::Unexpected{result.error()};
  }
  MariadbStatusSample sample = parse_mariadb_status(as_status_rows(*result));
  double seconds = std::chrono::duration<double>(now - previous_at_).count();
  state.mariadb =
      mariadb_status_from(sample, previous_ ? &*previous_ : nullptr, seconds, statements_since_sample_);
  previous_ = sample;
  previous_at_ = now;
  statements_since_sample_ = 0;

  state.version = connection.server_version();
  state.uptime_seconds = sample.uptime_seconds;
  state.connections = sample.threads_connected;
  state.operations_per_second = state.mariadb->queries_per_second;
  poll_replication(connection, state);
  poll_processes(connection, state);
  return {};
}

void MariadbStatusPoll::poll_replication(store::MariadbConnection& connection, ServerState& state) {
  // ALL: one row per connection name (multi-source replication), the default connection among them. Before
  // 10.5.1 only the SLAVES name exists, and MySQL has neither: the first statement the server knows is
  // remembered rather than failing on every poll.
  static constexpr std::string_view kStatements[] = {"SHOW ALL REPLICAS STATUS", "SHOW ALL SLAVES STATUS",
                                                     "SHOW REPLICA STATUS"};
  auto result = run(connection, kStatements[replica_statement_]);
  for (std::size_t next = replica_statement_ + 1; !result.ok() && next < std::size(kStatements); ++next) {
    auto older = run(connection, kStatements[next]);
    if (older.ok()) {
      replica_statement_ = next;
      result = std::move(older);
    }
  }
  if (!result.ok()) {
    state.replication = {};
    state.replication.error = "replication state unknown: " + result.error().message;
    return;
  }
  state.replication = parse_all_replicas_status(rows_by_column(*result));
}

void MariadbStatusPoll::poll_processes(store::MariadbConnection& connection, ServerState& state) {
  state.processes.clear();
  auto result = run(connection, kProcessListSql);
  if (!result.ok()) {
    return;
  }
  std::int64_t binlog_dumps = 0;
  for (const auto& row : result->rows) {
    ProcessEntry entry;
    entry.id = static_cast<std::int64_t>(number_of(cell_text(row, 0)));
    entry.user = cell_text(row, 1).value_or("");
    entry.host = cell_text(row, 2).value_or("");
    entry.database = cell_text(row, 3).value_or("");
    entry.command = cell_text(row, 4).value_or("");
    entry.seconds = number_of(cell_text(row, 5)) / 1000.0;
    entry.state = cell_text(row, 6).value_or("");
    entry.info = cell_text(row, 7).value_or("");
    // A replica's I/O thread shows on its primary as a "Binlog Dump" connection.
    binlog_dumps += entry.command.rfind("Binlog Dump", 0) == 0 ? 1 : 0;
    state.processes.push_back(std::move(entry));
  }
  state.replication.replicas_connected = binlog_dumps;
}

}  // namespace opsdeck::metrics
