// The stack's redis-server: unix socket only (--port 0) unless a port is configured, then 127.0.0.1 only;
// data, pid file and log under <state-dir>/stack/redis/.
#pragma once

#include "backend/stack/stack_engine.hpp"
#include "backend/stack/stack_server.hpp"

namespace opsdeck::stack {

class RedisStackServer final : public StackServer {
 public:
  explicit RedisStackServer(const StackSettings& settings);

  std::string_view name() const override { return "redis"; }
  std::string_view program() const override { return "redis-server"; }
  const ServerPaths& paths() const override { return paths_; }
  unsigned tcp_port() const override { return tcp_port_; }

  core::Result<std::filesystem::path> find_binary() const override;
  core::Status prepare(std::chrono::seconds timeout) override;
  std::vector<std::string> command_line(const std::filesystem::path& binary) const override;
  core::Result<ServerProbe> probe() const override;

  store::RedisOptions connection_options() const;

 private:
  ServerPaths paths_;
  unsigned tcp_port_;
  std::string redis_binary_;
};

}  // namespace opsdeck::stack
