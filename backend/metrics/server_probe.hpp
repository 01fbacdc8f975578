// ServerProbe: everything needed to poll one server — its connection, the previous sample, the history of
// its key rates and the retry backoff. The poller runs one per thread; `opsdeck db status` polls a probe
// twice in a row. Not thread-safe: one thread polls it.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "backend/core/logger.hpp"
#include "backend/metrics/mariadb_status_poll.hpp"
#include "backend/metrics/redis_info_poll.hpp"
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
  std::string role_hint;  // "replica" for mariadb.replicas entries; empty otherwise
};

// The longest wait between attempts at a server that is down.
inline constexpr std::chrono::milliseconds kMaxBackoff{30000};

class ServerProbe {
 public:
  explicit ServerProbe(PolledServer server);
  ~ServerProbe();
  ServerProbe(const ServerProbe&) = delete;
  ServerProbe& operator=(const ServerProbe&) = delete;

  // Connects when needed, polls, records the key rates' history. Returns how long to wait before the next
  // poll: `interval` while up, a doubling backoff (up to kMaxBackoff) while down. Logs up/down changes
  // when given a logger.
  std::chrono::milliseconds poll(std::chrono::milliseconds interval, core::Logger* logger = nullptr);
  const ServerState& state() const { return state_; }

 private:
  core::Status poll_once();
  void record_history();

  PolledServer server_;
  ServerState state_;
  std::unique_ptr<store::MariadbConnection> mariadb_;
  std::unique_ptr<store::RedisClient> redis_;
  MariadbStatusPoll mariadb_poll_;
  RedisInfoPoll redis_poll_;
  std::chrono::milliseconds backoff_{0};
};

}  // namespace opsdeck::metrics
