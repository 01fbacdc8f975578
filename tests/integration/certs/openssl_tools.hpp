// Test helpers around the real openssl and curl binaries: run one to completion (bounded), and an
// `openssl s_server` on 127.0.0.1 on a free port that is killed when the helper goes out of scope.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "backend/core/process.hpp"

namespace opsdeck::certs::testing {

struct ToolRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs argv (e.g. {"openssl", "verify", ...}) with stdin from /dev/null; at most 60 seconds.
inline ToolRun run_tool(std::vector<std::string> argv,
                        std::vector<std::pair<std::string, std::string>> env = {}) {
  core::SpawnOptions options;
  options.argv = std::move(argv);
  options.environment = std::move(env);
  auto run = core::run_and_capture(options, std::chrono::seconds(60));
  if (!run) {
    ADD_FAILURE() << run.error().describe();
    return {};
  }
  return {run->status.signal != 0 ? 128 + run->status.signal : run->status.code, run->output};
}

inline ToolRun openssl(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), "openssl");
  return run_tool(std::move(arguments));
}

// A port nobody listens on right now (the kernel picks it); the caller retries if someone takes it first.
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  if (fd >= 0) {
    ::close(fd);
  }
  return port;
}

inline bool accepts_connections(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  bool connected = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  if (fd >= 0) {
    ::close(fd);
  }
  return connected;
}

// `openssl s_server` on 127.0.0.1; killed (SIGKILL, reaped) by ChildProcess's destructor.
class OpensslServer {
 public:
  // `arguments` follow "s_server -accept 127.0.0.1:PORT"; output goes to `log`.
  static std::optional<OpensslServer> start(const std::vector<std::string>& arguments,
                                            const std::filesystem::path& log) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      int port = free_port();
      if (port == 0) {
        continue;
      }
      core::SpawnOptions options;
      options.argv = {"openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port)};
      options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
      options.stdout_target = core::OutputTarget::append_to(log);
      options.stderr_target = core::OutputTarget::same_as_stdout();
      auto child = core::ChildProcess::spawn(options);
      if (!child) {
        ADD_FAILURE() << child.error().describe();
        return std::nullopt;
      }
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (std::chrono::steady_clock::now() < deadline) {
        if (child->poll()) {
          break;  // exited: most likely the port was taken meanwhile; try another
        }
        if (accepts_connections(port)) {
          return OpensslServer(std::move(*child), port);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    ADD_FAILURE() << "openssl s_server did not start; see " << log;
    return std::nullopt;
  }

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  OpensslServer(core::ChildProcess child, int port) : child_(std::move(child)), port_(port) {}

  core::ChildProcess child_;
  int port_ = 0;
};

}  // namespace opsdeck::certs::testing
