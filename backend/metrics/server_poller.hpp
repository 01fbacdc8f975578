// ServerPoller: a thread per configured MariaDB and Redis server that polls its status every interval (see
// ServerProbe) and publishes a ServersSnapshot of all of them. A server that does not answer is shown down
// with the error and retried with exponential backoff; the poller never blocks the UI.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "backend/core/logger.hpp"
#include "backend/core/published.hpp"
#include "backend/metrics/server_probe.hpp"
#include "backend/metrics/server_state.hpp"

namespace opsdeck::metrics {

class ServerPoller {
 public:
  ServerPoller(std::vector<PolledServer> servers, std::chrono::milliseconds interval, core::Logger& logger);
  ~ServerPoller();  // stops and joins the threads
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
