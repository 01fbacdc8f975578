// mariadbd for the local stack. The data directory is initialised into data.installing and renamed into
// place only when mariadb-install-db succeeded, so an interrupted first `up` never leaves a half-made
// directory that later starts would trust.
#include "backend/stack/mariadb_stack_server.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <system_error>
#include <variant>

#include "backend/certs/cert_layout.hpp"
#include "backend/certs/certs_engine.hpp"
#include "backend/core/process.hpp"
#include "backend/stack/stack_port_file.hpp"
#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::stack {
namespace {

namespace fs = std::filesystem;

// Options given to both mariadb-install-db (it passes them to its bootstrap mariadbd) and mariadbd.
// The stack is for development and dashboards: 32M of buffer pool and no performance_schema keep mariadbd
// near 100 MB resident instead of 400.
std::vector<std::string> common_server_options() {
  std::vector<std::string> options = {
      "--innodb-buffer-pool-size=32M",
      "--innodb-log-file-size=16M",
      "--performance-schema=OFF",
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_unicode_ci",
  };
  // mariadbd refuses to run as root unless told to; as any other user it runs as that user anyway.
  if (::geteuid() == 0) {
    options.push_back("--user=root");
  }
  return options;
}

std::string cell_text(const store::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    return *text;
  }
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    return std::to_string(*number);
  }
  if (const auto* number = std::get_if<std::uint64_t>(&value)) {
    return std::to_string(*number);
  }
  if (const auto* bytes = std::get_if<store::Bytes>(&value)) {
    return std::string(bytes->begin(), bytes->end());
  }
  return {};
}

constexpr std::string_view kServerHost = "localhost";  // the server certificate's name

}  // namespace

MariadbStackServer::MariadbStackServer(const StackSettings& settings)
    : certs_dir_(settings.state_dir / "certs"),
      requested_tls_(settings.tls),
      configured_tcp_port_(settings.mariadb_tcp_port),
      tls_(false),
      tcp_port_(settings.mariadb_tcp_port),
      mariadbd_binary_(settings.mariadbd_binary),
      install_db_binary_(settings.install_db_binary),
      on_progress_(settings.on_progress) {
  paths_.directory = settings.state_dir / "stack" / "mariadb";
  paths_.data_dir = paths_.directory / "data";
  paths_.socket = paths_.directory / "mariadb.sock";
  paths_.pid_file = paths_.directory / "mariadbd.pid";
  paths_.log_file = paths_.directory / "error.log";
  tls_port_file_ = paths_.directory / "tls-port";
  // Until a start decides anew, describe the server as it was last started.
  if (const auto port = read_port_file(tls_port_file_)) {
    tls_ = true;
    tcp_port_ = *port;
  }
}

core::Result<fs::path> MariadbStackServer::find_binary() const {
  auto found =
      core::find_binary(mariadbd_binary_.empty() ? "mariadbd" : mariadbd_binary_, {"/usr/sbin", "/usr/bin"});
  if (!found) {
    return core::Unexpected{missing_package_error(found.error(), "mariadb-server")};
  }
  return found;
}

core::Result<fs::path> MariadbStackServer::find_install_db() const {
  auto found = core::find_binary(install_db_binary_.empty() ? "mariadb-install-db" : install_db_binary_,
                                 {"/usr/bin", "/usr/sbin"});
  if (!found) {
    return core::Unexpected{missing_package_error(found.error(), "mariadb-server")};
  }
  return found;
}

core::Status MariadbStackServer::prepare(std::chrono::seconds timeout) {
  OPSDECK_TRY(check_socket_path(paths_.socket));
  OPSDECK_TRY(make_private_directory(paths_.directory));
  if (requested_tls_) {
    OPSDECK_TRY(prepare_tls());
  } else {
    std::error_code error;
    fs::remove(tls_port_file_, error);
    tls_ = false;
    tcp_port_ = configured_tcp_port_;
  }
  std::error_code error;
  if (fs::exists(paths_.data_dir / "mysql", error)) {
    return {};
  }
  return initialise_data_dir(timeout);
}

std::string MariadbStackServer::tls_user_name() const {
  return core::current_user_name() + "@" + std::string(kServerHost);
}

core::Status MariadbStackServer::prepare_tls() {
  certs::CertsEngine certs(certs::CertsSettings{certs_dir_, {}});
  if (on_progress_) {
    on_progress_("making sure of mariadbd's certificate (CA " + std::string(kCaName) + " in " +
                 certs_dir_.string() + ")...");
  }
  auto server = certs.ensure_server_tls(std::string(kCaName), std::string(kServerHost),
                                        {"DNS:localhost", "IP:127.0.0.1"});
  if (!server) {
    return core::fail(server.error().category,
                      "cannot make mariadbd's TLS certificate: " + server.error().message);
  }
  // opsdeck's own TCP connection logs in with this certificate (see create_tls_user).
  auto client = certs.ensure_client_tls(std::string(kCaName), tls_user_name());
  if (!client) {
    return core::fail(client.error().category,
                      "cannot make opsdeck's client certificate: " + client.error().message);
  }
  unsigned port = configured_tcp_port_;
  if (port == 0) {
    auto chosen = free_loopback_port();
    if (!chosen) {
      return core::Unexpected{chosen.error()};
    }
    port = *chosen;
  }
  OPSDECK_TRY(write_port_file(tls_port_file_, port));
  tls_ = true;
  tcp_port_ = port;
  return {};
}

core::Status MariadbStackServer::initialise_data_dir(std::chrono::seconds timeout) {
  auto install_db = find_install_db();
  if (!install_db) {
    return core::Unexpected{install_db.error()};
  }
  if (on_progress_) {
    on_progress_("initialising the MariaDB data directory (mariadb-install-db)...");
  }
  const fs::path installing = paths_.directory / "data.installing";
  std::error_code error;
  fs::remove_all(installing, error);
  fs::remove_all(paths_.data_dir, error);  // exists without mysql/: an earlier attempt we cannot trust

  core::SpawnOptions spawn;
  spawn.argv = {install_db->string(),
                "--no-defaults",
                "--datadir=" + installing.string(),
                "--auth-root-authentication-method=socket",
                "--auth-root-socket-user=" + core::current_user_name(),
                "--skip-test-db"};
  for (auto& option : common_server_options()) {
    spawn.argv.push_back(std::move(option));
  }
  spawn.working_directory = paths_.directory;
  auto run = core::run_and_capture(spawn, timeout);
  if (!run) {
    return core::Unexpected{run.error()};
  }
  if (!run->status.success()) {
    fs::remove_all(installing, error);
    return core::fail(core::ErrorCategory::kUnavailable, "mariadb-install-db failed (" +
                                                             run->status.describe() + "); its last lines:\n" +
                                                             last_lines(run->output, 12));
  }
  fs::rename(installing, paths_.data_dir, error);
  if (error) {
    return core::fail(core::ErrorCategory::kIo, "cannot move " + installing.string() + " to " +
                                                    paths_.data_dir.string() + ": " + error.message());
  }
  return make_private_directory(paths_.data_dir);
}

std::vector<std::string> MariadbStackServer::command_line(const fs::path& binary) const {
  std::vector<std::string> arguments = {
      binary.string(),
      "--no-defaults",  // must come first
      "--datadir=" + paths_.data_dir.string(),
      "--socket=" + paths_.socket.string(),
      "--pid-file=" + paths_.pid_file.string(),
      "--log-error=" + paths_.log_file.string(),
      "--skip-name-resolve",
  };
  if (tcp_port_ == 0) {
    arguments.emplace_back("--skip-networking");
  } else {
    arguments.push_back("--port=" + std::to_string(tcp_port_));
    arguments.emplace_back("--bind-address=127.0.0.1");
  }
  if (tls_) {
    const certs::CertLayout layout(certs_dir_);
    arguments.push_back("--ssl-ca=" + layout.certificate_path(certs::CertKind::kCa, kCaName).string());
    arguments.push_back("--ssl-cert=" +
                        layout.certificate_path(certs::CertKind::kHost, kServerHost).string());
    arguments.push_back("--ssl-key=" + layout.key_path(certs::CertKind::kHost, kServerHost).string());
    // TCP without TLS is refused; the unix socket counts as secure and stays as it is.
    arguments.emplace_back("--require-secure-transport=ON");
  }
  for (auto& option : common_server_options()) {
    arguments.push_back(std::move(option));
  }
  return arguments;
}

store::MariadbOptions MariadbStackServer::socket_options() const {
  store::MariadbOptions options;
  options.socket = paths_.socket.string();
  options.port = tcp_port_ == 0 ? 3306 : tcp_port_;
  options.user = core::current_user_name();
  options.database = std::string(kDatabase);
  return options;
}

store::MariadbOptions MariadbStackServer::connection_options() const {
  if (!tls_) {
    return socket_options();
  }
  const certs::CertLayout layout(certs_dir_);
  store::MariadbOptions options;
  options.host = "127.0.0.1";
  options.port = tcp_port_;
  options.user = core::current_user_name();
  options.database = std::string(kDatabase);
  options.tls.ca_file = layout.certificate_path(certs::CertKind::kCa, kCaName).string();
  options.tls.cert_file = layout.certificate_path(certs::CertKind::kUser, tls_user_name()).string();
  options.tls.key_file = layout.key_path(certs::CertKind::kUser, tls_user_name()).string();
  options.tls.enabled = true;
  options.tls.verify_server = true;
  return options;
}

core::Result<ServerProbe> MariadbStackServer::probe() const {
  auto options = socket_options();
  options.database.clear();  // it may not exist yet on the first start
  options.connect_timeout = std::chrono::seconds(2);
  options.read_timeout = std::chrono::seconds(5);
  auto connection = store::MariadbConnection::connect(options);
  if (!connection) {
    return core::Unexpected{connection.error()};
  }
  auto version = (*connection)->execute_plain("SELECT VERSION()");
  if (!version) {
    return core::Unexpected{version.error()};
  }
  auto uptime = (*connection)->execute_plain("SHOW GLOBAL STATUS LIKE 'Uptime'");
  if (!uptime) {
    return core::Unexpected{uptime.error()};
  }
  ServerProbe probe;
  if (!version->rows.empty() && version->rows.front().size() > 0) {
    probe.version = cell_text(version->rows.front().at(0));
  }
  if (!uptime->rows.empty() && uptime->rows.front().size() > 1) {
    const auto text = cell_text(uptime->rows.front().at(1));
    std::from_chars(text.data(), text.data() + text.size(), probe.uptime_seconds);
  }
  return probe;
}

core::Status MariadbStackServer::after_start() {
  if (requested_tls_ && !tls_) {
    return core::fail(core::ErrorCategory::kConflict,
                      "was started without TLS: run `opsdeck stack down`, then `opsdeck stack up --tls`");
  }
  auto options = socket_options();
  options.database.clear();
  auto connection = store::MariadbConnection::connect(options);
  if (!connection) {
    return core::Unexpected{connection.error()};
  }
  // A fixed statement: the name is a constant of ours, not input.
  auto created = (*connection)->execute_plain("CREATE DATABASE IF NOT EXISTS `opsdeck`");
  if (!created) {
    return core::Unexpected{created.error()};
  }
  if (tls_) {
    return create_tls_user(**connection);
  }
  return {};
}

// Over TCP unix_socket authentication cannot work, so the OS user gets a second account for 127.0.0.1
// that logs in with opsdeck's client certificate: no password to store, and REQUIRE SUBJECT so that
// another certificate from the same CA (alice's) does not open it.
core::Status MariadbStackServer::create_tls_user(store::MariadbConnection& connection) {
  const std::string user = core::current_user_name();
  const bool plain = !user.empty() && std::all_of(user.begin(), user.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_' || c == '-' || c == '.';
  });
  if (!plain) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "the user name \"" + user +
                          "\" has characters a MariaDB account for TLS cannot take here (letters, digits, "
                          "'_', '-', '.')");
  }
  // Checked above to hold no quote, so the statements cannot be broken out of.
  const std::string account = "'" + user + "'@'127.0.0.1'";
  const std::string statements[] = {
      "CREATE USER IF NOT EXISTS " + account + " REQUIRE SUBJECT '/CN=" + tls_user_name() + "'",
      "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION",
  };
  for (const auto& statement : statements) {
    auto done = connection.execute_plain(statement);
    if (!done) {
      return core::fail(done.error().category,
                        "cannot create the TLS account " + account + ": " + done.error().message);
    }
  }
  return {};
}

}  // namespace opsdeck::stack
