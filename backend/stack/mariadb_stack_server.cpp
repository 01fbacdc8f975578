// mariadbd for the local stack. The data directory is initialised into data.installing and renamed into
// place only when mariadb-install-db succeeded, so an interrupted first `up` never leaves a half-made
// directory that later starts would trust.
#include "backend/stack/mariadb_stack_server.hpp"

#include <unistd.h>

#include <charconv>
#include <system_error>
#include <variant>

#include "backend/core/process.hpp"
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

}  // namespace

MariadbStackServer::MariadbStackServer(const StackSettings& settings)
    : tcp_port_(settings.mariadb_tcp_port),
      mariadbd_binary_(settings.mariadbd_binary),
      install_db_binary_(settings.install_db_binary),
      on_progress_(settings.on_progress) {
  paths_.directory = settings.state_dir / "stack" / "mariadb";
  paths_.data_dir = paths_.directory / "data";
  paths_.socket = paths_.directory / "mariadb.sock";
  paths_.pid_file = paths_.directory / "mariadbd.pid";
  paths_.log_file = paths_.directory / "error.log";
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
  std::error_code error;
  if (fs::exists(paths_.data_dir / "mysql", error)) {
    return {};
  }
  return initialise_data_dir(timeout);
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
  for (auto& option : common_server_options()) {
    arguments.push_back(std::move(option));
  }
  return arguments;
}

store::MariadbOptions MariadbStackServer::connection_options() const {
  store::MariadbOptions options;
  options.socket = paths_.socket.string();
  options.port = tcp_port_ == 0 ? 3306 : tcp_port_;
  options.user = core::current_user_name();
  options.database = std::string(kDatabase);
  return options;
}

core::Result<ServerProbe> MariadbStackServer::probe() const {
  auto options = connection_options();
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
  auto options = connection_options();
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
  return {};
}

}  // namespace opsdeck::stack
