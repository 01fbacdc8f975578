// ServerPoller: one thread per server, so a server that hangs on connect never delays the others.
#include "backend/metrics/server_poller.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::metrics {
namespace {

constexpr std::chrono::milliseconds kMaxBackoff{30000};

std::int64_t to_int(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::string_view to_string(ServerKind kind) {
  return kind == ServerKind::kMariadb ? "mariadb" : "redis";
}

struct ServerPoller::Target {
  PolledServer server;
  ServerState state;      // written only by this target's worker
  ServerState published;  // copied from `state` under the poller's mutex; read when publishing
  std::unique_ptr<store::MariadbConnection> mariadb;
  std::unique_ptr<store::RedisClient> redis;
  std::chrono::milliseconds backoff{0};
  // For operations per second: the last counter value and when it was read.
  std::int64_t last_operations = -1;
  std::chrono::steady_clock::time_point last_operations_at{};

  core::Status poll_mariadb() {
    if (!mariadb) {
      auto connection = store::MariadbConnection::connect(server.mariadb);
      if (!connection.ok()) {
        return core::Unexpected{connection.error()};
      }
      mariadb = std::move(*connection);
    }
    auto status = mariadb->execute_plain(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Uptime', 'Threads_connected', 'Questions')");
    if (!status.ok()) {
      mariadb.reset();
      return core::Unexpected{status.error()};
    }
    state.version = mariadb->server_version();
    for (const auto& row : status->rows) {
      auto name = row.get<std::string>(0);
      auto value = row.get<std::string>(1);
      if (!name.ok() || !value.ok()) {
        continue;
      }
      if (*name == "Uptime") {
        state.uptime_seconds = to_int(*value);
      } else if (*name == "Threads_connected") {
        state.connections = to_int(*value);
      } else if (*name == "Questions") {
        update_rate(to_int(*value));
      }
    }
    return {};
  }

  core::Status poll_redis() {
    if (!redis) {
      auto client = store::RedisClient::connect(server.redis);
      if (!client.ok()) {
        return core::Unexpected{client.error()};
      }
      redis = std::move(*client);
    }
    auto info = redis->info();
    if (!info.ok()) {
      redis.reset();
      return core::Unexpected{info.error()};
    }
    for (const auto& [key, value] : *info) {
      if (key == "redis_version") {
        state.version = value;
      } else if (key == "uptime_in_seconds") {
        state.uptime_seconds = to_int(value);
      } else if (key == "connected_clients") {
        state.connections = to_int(value);
      } else if (key == "total_commands_processed") {
        update_rate(to_int(value));
      }
    }
    return {};
  }

  void update_rate(std::int64_t operations) {
    auto now = std::chrono::steady_clock::now();
    if (last_operations >= 0 && operations >= last_operations) {
      double seconds = std::chrono::duration<double>(now - last_operations_at).count();
      if (seconds > 0) {
        state.operations_per_second = static_cast<double>(operations - last_operations) / seconds;
      }
    }
    last_operations = operations;
    last_operations_at = now;
  }

  // Polls once; returns how long to wait before the next poll.
  std::chrono::milliseconds poll(std::chrono::milliseconds interval, core::Logger& logger) {
    auto outcome = server.kind == ServerKind::kMariadb ? poll_mariadb() : poll_redis();
    bool was_up = state.up;
    bool first = !state.checked;
    state.checked = true;
    state.checked_at = std::chrono::system_clock::now();
    if (outcome.ok()) {
      state.up = true;
      state.error.clear();
      backoff = std::chrono::milliseconds(0);
      state.retry_in = backoff;
      if (!was_up && !first) {
        logger.info("poller", state.name + " at " + state.endpoint + " is back up");
      }
      return interval;
    }
    state.up = false;
    state.error = outcome.error().message;
    state.operations_per_second = 0;
    last_operations = -1;
    backoff = std::min(kMaxBackoff, backoff.count() == 0 ? interval : backoff * 2);
    state.retry_in = backoff;
    if (was_up || first) {
      logger.warn("poller", state.name + " at " + state.endpoint + " is down: " + state.error);
    }
    return backoff;
  }
};

ServerPoller::ServerPoller(std::vector<PolledServer> servers, std::chrono::milliseconds interval,
                           core::Logger& logger)
    : interval_(interval), logger_(logger) {
  for (auto& server : servers) {
    auto target = std::make_unique<Target>();
    target->state.name = server.name;
    target->state.kind = server.kind;
    target->state.from_local_stack = server.from_local_stack;
    target->state.endpoint =
        server.kind == ServerKind::kMariadb ? server.mariadb.describe() : server.redis.describe();
    target->server = std::move(server);
    target->published = target->state;
    targets_.push_back(std::move(target));
  }
  ServersSnapshot initial;
  for (const auto& target : targets_) {
    initial.servers.push_back(target->state);
  }
  snapshots_.publish(std::move(initial));
}

ServerPoller::~ServerPoller() {
  thread_.request_stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void ServerPoller::start() {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void ServerPoller::run(std::stop_token stop) {
  // One worker per target; this thread owns them and publishes what they found.
  std::mutex mutex;
  std::condition_variable_any changed;
  std::vector<std::jthread> workers;
  auto publish = [&] {
    ServersSnapshot snapshot;
    for (const auto& target : targets_) {
      snapshot.servers.push_back(target->published);
    }
    snapshots_.publish(std::move(snapshot));
  };
  const auto start = std::chrono::steady_clock::now();
  for (auto& target : targets_) {
    workers.emplace_back([&, raw = target.get()](std::stop_token worker_stop) {
      std::mutex sleep_mutex;
      std::condition_variable_any sleeper;
      // Polls run on a fixed grid from a shared start, not "interval after the last poll ended": every
      // server's round then lands at the same moment and the console draws one frame for all of them.
      auto next_poll = start;
      while (!worker_stop.stop_requested()) {
        auto wait = raw->poll(interval_, logger_);
        {
          std::lock_guard lock(mutex);
          raw->published = raw->state;
          publish();
        }
        next_poll += wait;
        auto now = std::chrono::steady_clock::now();
        if (next_poll < now) {
          next_poll = now + (wait - (now - next_poll) % wait);  // fell behind: next point on the grid
        }
        std::unique_lock lock(sleep_mutex);
        sleeper.wait_until(lock, worker_stop, next_poll, [] { return false; });
      }
    });
  }
  std::unique_lock lock(mutex);
  changed.wait(lock, stop, [] { return false; });
  lock.unlock();
  for (auto& worker : workers) {
    worker.request_stop();
  }
  workers.clear();
}

}  // namespace opsdeck::metrics
