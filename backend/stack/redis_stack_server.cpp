// redis-server for the local stack. Everything is given on the command line (no config file) so that what
// runs is exactly what this file says.
#include "backend/stack/redis_stack_server.hpp"

#include <charconv>

#include "backend/core/process.hpp"

namespace opsdeck::stack {

namespace fs = std::filesystem;

RedisStackServer::RedisStackServer(const StackSettings& settings)
    : tcp_port_(settings.redis_tcp_port), redis_binary_(settings.redis_binary) {
  paths_.directory = settings.state_dir / "stack" / "redis";
  paths_.data_dir = paths_.directory / "data";
  paths_.socket = paths_.directory / "redis.sock";
  paths_.pid_file = paths_.directory / "redis.pid";
  paths_.log_file = paths_.directory / "redis.log";
}

core::Result<fs::path> RedisStackServer::find_binary() const {
  auto found = core::find_binary(redis_binary_.empty() ? "redis-server" : redis_binary_, {"/usr/bin"});
  if (!found) {
    return core::Unexpected{missing_package_error(found.error(), "redis-server")};
  }
  return found;
}

core::Status RedisStackServer::prepare(std::chrono::seconds /*timeout*/) {
  OPSDECK_TRY(check_socket_path(paths_.socket));
  OPSDECK_TRY(make_private_directory(paths_.directory));
  return make_private_directory(paths_.data_dir);
}

std::vector<std::string> RedisStackServer::command_line(const fs::path& binary) const {
  return {binary.string(),
          "--port",
          std::to_string(tcp_port_),  // 0 = no TCP listener at all
          "--bind",
          "127.0.0.1",
          "--protected-mode",
          "yes",
          "--unixsocket",
          paths_.socket.string(),
          "--unixsocketperm",
          "700",
          "--dir",
          paths_.data_dir.string(),
          "--pidfile",
          paths_.pid_file.string(),
          "--logfile",
          paths_.log_file.string(),
          "--daemonize",
          "no",  // we detach it ourselves and need its real pid
          "--supervised",
          "no"};
}

store::RedisOptions RedisStackServer::connection_options() const {
  store::RedisOptions options;
  options.socket = paths_.socket.string();
  options.port = tcp_port_ == 0 ? 6379 : tcp_port_;
  return options;
}

core::Result<ServerProbe> RedisStackServer::probe() const {
  auto options = connection_options();
  options.connect_timeout = std::chrono::milliseconds(2000);
  options.command_timeout = std::chrono::milliseconds(5000);
  auto client = store::RedisClient::connect(options);
  if (!client) {
    return core::Unexpected{client.error()};
  }
  auto info = (*client)->info("server");
  if (!info) {
    return core::Unexpected{info.error()};
  }
  ServerProbe probe;
  for (const auto& [key, value] : *info) {
    if (key == "redis_version") {
      probe.version = value;
    } else if (key == "uptime_in_seconds") {
      std::from_chars(value.data(), value.data() + value.size(), probe.uptime_seconds);
    }
  }
  if (probe.version.empty()) {
    return core::fail(core::ErrorCategory::kProtocol, "redis-server on " + options.describe() +
                                                          " answered INFO server without redis_version");
  }
  return probe;
}

}  // namespace opsdeck::stack
