// ServerProbe: connect, poll, and keep one history point per poll in every series (NaN while down, so the
// sparkline shows the gap where it happened).
#include "backend/metrics/server_probe.hpp"

#include <algorithm>
#include <limits>

#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::metrics {
namespace {

constexpr double kGap = std::numeric_limits<double>::quiet_NaN();

void record(std::vector<MetricSeries>& series, std::string_view label, SeriesUnit unit, double value) {
  auto found =
      std::find_if(series.begin(), series.end(), [&](const MetricSeries& s) { return s.label == label; });
  if (found == series.end()) {
    series.push_back(MetricSeries{std::string(label), unit, {}});
    found = series.end() - 1;
  }
  found->history.push(value);
}

}  // namespace

std::string_view to_string(ServerKind kind) {
  return kind == ServerKind::kMariadb ? "mariadb" : "redis";
}

ServerProbe::ServerProbe(PolledServer server) : server_(std::move(server)) {
  state_.name = server_.name;
  state_.kind = server_.kind;
  state_.from_local_stack = server_.from_local_stack;
  state_.role_hint = server_.role_hint;
  state_.endpoint =
      server_.kind == ServerKind::kMariadb ? server_.mariadb.describe() : server_.redis.describe();
}

ServerProbe::~ServerProbe() = default;

core::Status ServerProbe::poll_once() {
  if (server_.kind == ServerKind::kMariadb) {
    if (!mariadb_) {
      auto connection = store::MariadbConnection::connect(server_.mariadb);
      if (!connection.ok()) {
        return core::Unexpected{connection.error()};
      }
      mariadb_ = std::move(*connection);
      mariadb_poll_.reset();
    }
    auto status = mariadb_poll_.poll(*mariadb_, state_);
    if (!status.ok()) {
      mariadb_.reset();
    }
    return status;
  }
  if (!redis_) {
    auto client = store::RedisClient::connect(server_.redis);
    if (!client.ok()) {
      return core::Unexpected{client.error()};
    }
    redis_ = std::move(*client);
    redis_poll_.reset();
  }
  auto status = redis_poll_.poll(*redis_, state_);
  if (!status.ok()) {
    redis_.reset();
  }
  return status;
}

void ServerProbe::record_history() {
  auto& series = state_.series;
  if (!state_.up) {
    for (auto& one : series) {
      one.history.push(kGap);
    }
    return;
  }
  auto lag = state_.replication.lag_seconds ? static_cast<double>(*state_.replication.lag_seconds) : kGap;
  if (state_.mariadb) {
    const MariadbStatus& status = *state_.mariadb;
    bool valid = status.rates_valid;
    record(series, "queries/s", SeriesUnit::kPerSecond, valid ? status.queries_per_second : kGap);
    record(series, "rows/s", SeriesUnit::kPerSecond,
           valid ? status.rows_read_per_second + status.rows_inserted_per_second +
                       status.rows_updated_per_second + status.rows_deleted_per_second
                 : kGap);
    record(series, "recv/s", SeriesUnit::kBytesPerSecond, valid ? status.bytes_received_per_second : kGap);
    record(series, "sent/s", SeriesUnit::kBytesPerSecond, valid ? status.bytes_sent_per_second : kGap);
    record(series, "running", SeriesUnit::kCount, static_cast<double>(status.threads_running));
  } else if (state_.redis) {
    const RedisStatus& status = *state_.redis;
    record(series, "ops/s", SeriesUnit::kPerSecond, status.rates_valid ? status.operations_per_second : kGap);
    record(series, "memory", SeriesUnit::kBytes, static_cast<double>(status.used_memory_bytes));
    record(series, "clients", SeriesUnit::kCount, static_cast<double>(status.connected_clients));
    record(series, "hit ratio", SeriesUnit::kRatio, status.keyspace_hit_ratio.value_or(kGap));
  }
  // Lag only for replicas, but once shown it stays, so its history has the gaps too.
  bool has_lag_series =
      std::any_of(series.begin(), series.end(), [](const MetricSeries& s) { return s.label == "lag"; });
  if (state_.replication.role == "replica" || has_lag_series) {
    record(series, "lag", SeriesUnit::kSeconds, lag);
  }
}

std::chrono::milliseconds ServerProbe::poll(std::chrono::milliseconds interval, core::Logger* logger) {
  auto outcome = poll_once();
  bool was_up = state_.up;
  bool first = !state_.checked;
  state_.checked = true;
  state_.checked_at = std::chrono::system_clock::now();
  ++state_.polls;
  std::chrono::milliseconds wait = interval;
  if (outcome.ok()) {
    state_.up = true;
    state_.error.clear();
    backoff_ = std::chrono::milliseconds(0);
    if (!was_up && !first && logger != nullptr) {
      logger->info("poller", state_.name + " at " + state_.endpoint + " is back up");
    }
  } else {
    state_.up = false;
    state_.error = outcome.error().message;
    state_.operations_per_second = 0;
    state_.processes.clear();
    backoff_ = std::min(kMaxBackoff, backoff_.count() == 0 ? interval : backoff_ * 2);
    wait = backoff_;
    if ((was_up || first) && logger != nullptr) {
      logger->warn("poller", state_.name + " at " + state_.endpoint + " is down: " + state_.error);
    }
  }
  state_.retry_in = backoff_;
  record_history();
  return wait;
}

}  // namespace opsdeck::metrics
