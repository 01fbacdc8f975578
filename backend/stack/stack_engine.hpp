// StackEngine: the local stack, a private mariadbd and redis-server under <state-dir>/stack/, on unix sockets
// (TCP on loopback only when configured). The facade the CLI (`opsdeck stack up|status|down`), the console
// and the integration-test fixture all use.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_options.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::stack {

struct StackSettings {
  std::filesystem::path state_dir;  // the stack lives in state_dir / "stack"
  unsigned mariadb_tcp_port = 0;    // 0 = unix socket only
  unsigned redis_tcp_port = 0;      // 0 = unix socket only
  // mariadbd also listens on 127.0.0.1 with a server certificate from opsdeck's CA in state_dir / "certs";
  // on mariadb_tcp_port, or on a free port chosen at start when that is 0.
  bool tls = false;
  std::string mariadbd_binary;    // empty = look in /usr/sbin, /usr/bin and PATH
  std::string install_db_binary;  // empty = mariadb-install-db from PATH or /usr/bin
  std::string redis_binary;       // empty = redis-server from PATH or /usr/bin
  std::chrono::seconds start_timeout{60};
  std::chrono::seconds stop_timeout{30};
  // Told what is happening ("starting mariadbd..."), for a person watching; may be empty.
  std::function<void(std::string_view)> on_progress;
};

struct ServerStatus {
  std::string name;       // "mariadb" or "redis"
  bool running = false;   // process alive and answering
  int pid = 0;            // 0 when not running
  std::string socket;     // unix socket path
  unsigned tcp_port = 0;  // 0 when TCP is off
  bool tls = false;       // mariadb: started with a certificate (TCP on loopback with TLS)
  std::string version;    // as the server reports it; empty when down
  std::int64_t uptime_seconds = 0;
  std::string note;  // why it is not running, "reused", "started", "stale pid file replaced", ...
};

struct StackStatus {
  std::filesystem::path directory;  // <state-dir>/stack
  std::vector<ServerStatus> servers;
  bool all_running() const;
};

struct StackDownReport {
  struct Entry {
    std::string name;
    int pid = 0;
    bool was_running = false;
    bool stopped = false;  // exited within stop_timeout
    std::string note;
  };
  std::vector<Entry> servers;
  bool all_stopped() const;
};

// One of the stack's servers, for starting or stopping it alone (tests of reconnects, the console).
enum class StackServerId { kMariadb, kRedis };

class StackEngine {
 public:
  explicit StackEngine(StackSettings settings);

  // Initialises the data directory once (mariadb-install-db), starts what is not running, waits until each
  // server answers. Reuses servers already running; replaces stale pid files.
  core::Result<StackStatus> up(std::stop_token stop = {});
  core::Result<StackStatus> status() const;
  // SIGTERM, wait up to stop_timeout, then report.
  core::Result<StackDownReport> down();

  // up() and down() for one server only, under the same lock.
  core::Result<ServerStatus> start_server(StackServerId server);
  core::Result<StackDownReport::Entry> stop_server(StackServerId server);

  // Connection options for the stack's servers: the OS user, authenticated by unix_socket; for a TLS stack,
  // TCP to 127.0.0.1 verifying the server against opsdeck's CA, the user authenticated by a client
  // certificate.
  store::MariadbOptions mariadb_options() const;
  store::RedisOptions redis_options() const;
  std::filesystem::path directory() const;

 private:
  StackSettings settings_;
};

}  // namespace opsdeck::stack
