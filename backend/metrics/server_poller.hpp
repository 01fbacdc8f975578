// ServerPoller: a thread that asks each configured MariaDB and Redis server for its vital signs (up, version,
// uptime, connections, operations/s) every interval and publishes a ServersSnapshot. A server that does not
// answer is shown down with the error and retried with exponential backoff; the poller never blocks the UI.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "backend/core/logger.hpp"
#include "backend/core/published.hpp"
#include "backend/metrics/server_state.hpp"
#include "backend/store/mariadb_options.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::metrics {

struct PolledServer {
  std::string name;
  ServerKind kind = ServerKind::kMariadb;
  store::MariadbOptions mariadb;  // when kind is kMariadb
  store::RedisOptions redis;      // when kind is kRedis
  bool from_local_stack = false;
};

class ServerPoller {
 public:
  ServerPoller(std::vector<PolledServer> servers, std::chrono::milliseconds interval, core::Logger& logger);
  ~ServerPoller();  // stops and joins the thread
  ServerPoller(const ServerPoller&) = delete;
  ServerPoller& operator=(const ServerPoller&) = delete;

  void start();
  core::Published<ServersSnapshot>& snapshots() { return snapshots_; }

 private:
  struct Target;
  void run(std::stop_token stop);

  std::vector<std::unique_ptr<Target>> targets_;
  std::chrono::milliseconds interval_;
  core::Logger& logger_;
  core::Published<ServersSnapshot> snapshots_;
  std::jthread thread_;
};

}  // namespace opsdeck::metrics
