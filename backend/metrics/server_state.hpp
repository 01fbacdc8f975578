// What the console knows about each data server it watches: published by ServerPoller as one snapshot.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace opsdeck::metrics {

enum class ServerKind { kMariadb, kRedis };
std::string_view to_string(ServerKind kind);

struct ServerState {
  std::string name;  // "mariadb", "redis" (config section or stack server)
  ServerKind kind = ServerKind::kMariadb;
  std::string endpoint;  // "socket /path" or "host:port"; never credentials
  bool from_local_stack = false;
  bool checked = false;  // false until the first poll finished
  bool up = false;
  std::string version;
  std::int64_t uptime_seconds = 0;
  std::int64_t connections = 0;      // Threads_connected / connected_clients
  double operations_per_second = 0;  // Questions/s or instantaneous_ops_per_sec
  std::string error;                 // why it is down
  std::chrono::system_clock::time_point checked_at{};
  std::chrono::milliseconds retry_in{0};  // while down: when the next attempt is
};

struct ServersSnapshot {
  std::vector<ServerState> servers;
};

}  // namespace opsdeck::metrics
