// The stack's mariadbd: a private data directory initialised once by mariadb-install-db, unix socket
// authentication for the OS user, no networking unless a port is configured, and small memory settings.
// --no-defaults everywhere so that /etc/mysql and ~/.my.cnf never leak in. With TLS, mariadbd also listens on
// 127.0.0.1 with a certificate from opsdeck's own CA; how it was last started (TLS, port) is remembered in
// mariadb/tls-port so that status and connection options agree with the running server.
#pragma once

#include "backend/stack/stack_engine.hpp"
#include "backend/stack/stack_server.hpp"

namespace opsdeck::store {
class MariadbConnection;
}

namespace opsdeck::stack {

class MariadbStackServer final : public StackServer {
 public:
  explicit MariadbStackServer(const StackSettings& settings);

  std::string_view name() const override { return "mariadb"; }
  std::string_view program() const override { return "mariadbd"; }
  const ServerPaths& paths() const override { return paths_; }
  unsigned tcp_port() const override { return tcp_port_; }
  bool tls() const override { return tls_; }

  core::Result<std::filesystem::path> find_binary() const override;
  core::Status prepare(std::chrono::seconds timeout) override;
  std::vector<std::string> command_line(const std::filesystem::path& binary) const override;
  core::Result<ServerProbe> probe() const override;
  core::Status after_start() override;

  // The OS user and the opsdeck database: over the unix socket, or for a TLS stack over TCP to 127.0.0.1
  // with the CA (verification on) and the user's client certificate.
  store::MariadbOptions connection_options() const;

  static constexpr std::string_view kDatabase = "opsdeck";
  static constexpr std::string_view kCaName = "opsdeck-local";  // in <state-dir>/certs

 private:
  core::Result<std::filesystem::path> find_install_db() const;
  core::Status initialise_data_dir(std::chrono::seconds timeout);
  core::Status prepare_tls();
  core::Status create_tls_user(store::MariadbConnection& connection);
  // The unix socket as the OS user: what the stack itself uses to probe and prepare the server.
  store::MariadbOptions socket_options() const;
  std::string tls_user_name() const;  // "<os-user>@localhost": the client certificate's name

  ServerPaths paths_;
  std::filesystem::path certs_dir_;
  std::filesystem::path tls_port_file_;
  bool requested_tls_;  // what the settings ask for at the next start
  unsigned configured_tcp_port_;
  bool tls_;  // as last started (the remembered state), or as requested once prepared
  unsigned tcp_port_;
  std::string mariadbd_binary_;
  std::string install_db_binary_;
  std::function<void(std::string_view)> on_progress_;
};

}  // namespace opsdeck::stack
