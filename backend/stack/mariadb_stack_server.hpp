// The stack's mariadbd: a private data directory initialised once by mariadb-install-db, unix socket
// authentication for the OS user, no networking unless a port is configured, and small memory settings.
// --no-defaults everywhere so that /etc/mysql and ~/.my.cnf never leak in.
#pragma once

#include "backend/stack/stack_engine.hpp"
#include "backend/stack/stack_server.hpp"

namespace opsdeck::stack {

class MariadbStackServer final : public StackServer {
 public:
  explicit MariadbStackServer(const StackSettings& settings);

  std::string_view name() const override { return "mariadb"; }
  std::string_view program() const override { return "mariadbd"; }
  const ServerPaths& paths() const override { return paths_; }
  unsigned tcp_port() const override { return tcp_port_; }

  core::Result<std::filesystem::path> find_binary() const override;
  core::Status prepare(std::chrono::seconds timeout) override;
  std::vector<std::string> command_line(const std::filesystem::path& binary) const override;
  core::Result<ServerProbe> probe() const override;
  core::Status after_start() override;

  // Unix socket, OS user, the opsdeck database.
  store::MariadbOptions connection_options() const;

  static constexpr std::string_view kDatabase = "opsdeck";

 private:
  core::Result<std::filesystem::path> find_install_db() const;
  core::Status initialise_data_dir(std::chrono::seconds timeout);

  ServerPaths paths_;
  unsigned tcp_port_;
  std::string mariadbd_binary_;
  std::string install_db_binary_;
  std::function<void(std::string_view)> on_progress_;
};

}  // namespace opsdeck::stack
