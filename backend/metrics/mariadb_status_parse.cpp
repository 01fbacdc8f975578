// SHOW GLOBAL STATUS values are text; anything that is not a whole number reads as 0, so a server that
// lacks a variable (older or newer versions) costs one rate, never the poll.
#include "backend/metrics/mariadb_status_parse.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <string_view>

namespace opsdeck::metrics {
namespace {

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

const std::optional<std::string>* find(const StatusRows& rows, std::string_view name) {
  for (const auto& [key, value] : rows) {
    if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return &value;
    }
  }
  return nullptr;
}

// The first of `names` the rows have, as text ("" when none or NULL).
std::string text_of(const StatusRows& rows, std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    if (const auto* value = find(rows, name); value != nullptr) {
      return value->value_or("");
    }
  }
  return {};
}

std::optional<std::int64_t> int_of(const StatusRows& rows, std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    if (const auto* value = find(rows, name); value != nullptr && value->has_value()) {
      return parse_int(**value);
    }
  }
  return std::nullopt;
}

double per_second(std::int64_t delta, double seconds) {
  return seconds > 0 ? static_cast<double>(std::max<std::int64_t>(0, delta)) / seconds : 0.0;
}

}  // namespace

MariadbStatusSample parse_mariadb_status(const StatusRows& rows) {
  MariadbStatusSample sample;
  auto get = [&](std::initializer_list<std::string_view> names) { return int_of(rows, names).value_or(0); };
  sample.uptime_seconds = get({"Uptime"});
  sample.questions = get({"Questions"});
  sample.threads_connected = get({"Threads_connected"});
  sample.threads_running = get({"Threads_running"});
  sample.slow_queries = get({"Slow_queries"});
  sample.bytes_received = get({"Bytes_received"});
  sample.bytes_sent = get({"Bytes_sent"});
  sample.buffer_pool_reads = get({"Innodb_buffer_pool_reads"});
  sample.buffer_pool_read_requests = get({"Innodb_buffer_pool_read_requests"});
  sample.rows_read = get({"Innodb_rows_read", "Rows_read"});
  sample.rows_inserted = get({"Innodb_rows_inserted", "Handler_write"});
  sample.rows_updated = get({"Innodb_rows_updated", "Handler_update"});
  sample.rows_deleted = get({"Innodb_rows_deleted", "Handler_delete"});
  return sample;
}

MariadbStatus mariadb_status_from(const MariadbStatusSample& current, const MariadbStatusSample* previous,
                                  double seconds, std::int64_t own_statements) {
  MariadbStatus status;
  status.questions_total = current.questions;
  status.threads_connected = current.threads_connected;
  status.threads_running = current.threads_running;
  bool restarted = previous != nullptr && (current.uptime_seconds < previous->uptime_seconds ||
                                           current.questions < previous->questions);
  if (previous == nullptr || restarted || seconds <= 0) {
    return status;
  }
  status.rates_valid = true;
  status.queries_in_interval =
      std::max<std::int64_t>(0, current.questions - previous->questions - own_statements);
  status.queries_per_second = per_second(status.queries_in_interval, seconds);
  status.slow_queries_per_second = per_second(current.slow_queries - previous->slow_queries, seconds);
  status.bytes_received_per_second = per_second(current.bytes_received - previous->bytes_received, seconds);
  status.bytes_sent_per_second = per_second(current.bytes_sent - previous->bytes_sent, seconds);
  std::int64_t requests = current.buffer_pool_read_requests - previous->buffer_pool_read_requests;
  std::int64_t misses = current.buffer_pool_reads - previous->buffer_pool_reads;
  if (requests > 0) {
    status.buffer_pool_hit_ratio = std::clamp(
        1.0 - static_cast<double>(std::max<std::int64_t>(0, misses)) / static_cast<double>(requests), 0.0,
        1.0);
  }
  status.rows_read_per_second = per_second(current.rows_read - previous->rows_read, seconds);
  status.rows_inserted_per_second = per_second(current.rows_inserted - previous->rows_inserted, seconds);
  status.rows_updated_per_second = per_second(current.rows_updated - previous->rows_updated, seconds);
  status.rows_deleted_per_second = per_second(current.rows_deleted - previous->rows_deleted, seconds);
  return status;
}

ReplicationState parse_all_replicas_status(const std::vector<StatusRows>& rows) {
  if (rows.empty()) {
    return parse_replica_status({});
  }
  ReplicationState summary = parse_replica_status(rows.front());
  summary.error.clear();
  for (const StatusRows& row : rows) {
    ReplicationState one = parse_replica_status(row);
    ReplicationChannel channel{text_of(row, {"Connection_name"}),
                               one.source,
                               one.link_state,
                               one.io_running,
                               one.sql_running,
                               one.lag_seconds,
                               one.error};
    summary.io_running = summary.io_running && one.io_running;
    summary.sql_running = summary.sql_running && one.sql_running;
    if (one.lag_seconds && (!summary.lag_seconds || *one.lag_seconds > *summary.lag_seconds)) {
      summary.lag_seconds = one.lag_seconds;
    }
    if (summary.error.empty() && !one.error.empty()) {
      summary.error = rows.size() > 1 ? "'" + channel.connection_name + "': " + one.error : one.error;
    }
    summary.channels.push_back(std::move(channel));
  }
  return summary;
}

ReplicationState parse_replica_status(const StatusRows& row) {
  ReplicationState state;
  if (row.empty()) {
    state.role = "primary";
    return state;
  }
  state.role = "replica";
  std::string host = text_of(row, {"Master_Host", "Source_Host"});
  std::string port = text_of(row, {"Master_Port", "Source_Port"});
  state.source = host + (port.empty() ? "" : ":" + port);
  state.link_state = text_of(row, {"Slave_IO_State", "Replica_IO_State"});
  state.io_running = text_of(row, {"Slave_IO_Running", "Replica_IO_Running"}) == "Yes";
  state.sql_running = text_of(row, {"Slave_SQL_Running", "Replica_SQL_Running"}) == "Yes";
  state.lag_seconds = int_of(row, {"Seconds_Behind_Master", "Seconds_Behind_Source"});
  state.error = text_of(row, {"Last_IO_Error"});
  if (state.error.empty()) {
    state.error = text_of(row, {"Last_SQL_Error"});
  }
  return state;
}

}  // namespace opsdeck::metrics
