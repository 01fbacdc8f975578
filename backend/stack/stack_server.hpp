// StackServer: what differs between the stack's two servers (where their files live, how to find, prepare,
// start and ask them), behind one interface so that ServerSupervisor starts, checks and stops both alike.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"

namespace opsdeck::stack {

// One server's files under <state-dir>/stack/<name>/.
struct ServerPaths {
  std::filesystem::path directory;
  std::filesystem::path data_dir;
  std::filesystem::path socket;
  std::filesystem::path pid_file;
  std::filesystem::path log_file;
};

// What a server says about itself when asked.
struct ServerProbe {
  std::string version;
  std::int64_t uptime_seconds = 0;
};

class StackServer {
 public:
  virtual ~StackServer() = default;

  virtual std::string_view name() const = 0;     // "mariadb", "redis": the name in status output
  virtual std::string_view program() const = 0;  // "mariadbd", "redis-server": the name in messages
  virtual const ServerPaths& paths() const = 0;
  virtual unsigned tcp_port() const = 0;  // 0 = unix socket only
  virtual bool tls() const { return false; }

  // The server binary: the configured one, else found in the usual places; the error names the Debian
  // package to install.
  virtual core::Result<std::filesystem::path> find_binary() const = 0;
  // Before a start: directories, and (mariadb) the one-time data directory initialisation.
  virtual core::Status prepare(std::chrono::seconds timeout) = 0;
  virtual std::vector<std::string> command_line(const std::filesystem::path& binary) const = 0;
  // Connects and asks for version and uptime; fails while the server does not answer.
  virtual core::Result<ServerProbe> probe() const = 0;
  // Once the server answers after a start: create what must exist (mariadb: the opsdeck database).
  virtual core::Status after_start() { return {}; }
};

// "<name> not found (...): install the Debian package <package> (apt-get install <package>)"
core::Error missing_package_error(const core::Error& not_found, std::string_view package);

// Unix socket paths are limited to 107 bytes (sun_path); a long --state-dir fails here with a clear message
// rather than in the server's log.
core::Status check_socket_path(const std::filesystem::path& socket);

// The last `count` lines of `text`, and of a log file (only its end is read).
std::string last_lines(std::string_view text, std::size_t count);
std::string last_lines_of_file(const std::filesystem::path& file, std::size_t count);

// Creates `directory` (and parents) and sets it to 0700: the stack's files are its owner's only.
core::Status make_private_directory(const std::filesystem::path& directory);

}  // namespace opsdeck::stack
