// Helpers for the tests that run real statsd peers (npm hot-shots, etsy statsd 0.9.0 under node) next to
// `opsdeck metrics serve`: free ports, reading a child's output line by line with a deadline, the admin
// interface, starting either server and taking the final flush it prints when stopped with SIGTERM.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>

#include "backend/core/process.hpp"
#include "tests/support/source_tree.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck::testing::statsd {

using namespace std::chrono_literals;

inline std::filesystem::path peers_dir() {
  return opsdeck::testing::source_dir() / "tests" / "peers";
}
inline std::filesystem::path metrics_tests_dir() {
  return opsdeck::testing::source_dir() / "tests" / "integration" / "metrics";
}

inline bool node_available() {
  core::SpawnOptions options;
  options.argv = {"node", "--version"};
  auto run = core::run_and_capture(options, 10s);
  return run && run->status.success();
}

inline bool peers_installed() {
  return std::filesystem::exists(peers_dir() / "node_modules" / "hot-shots" / "package.json") &&
         std::filesystem::exists(peers_dir() / "node_modules" / "statsd" / "stats.js");
}

// A port that was free a moment ago (etsy statsd cannot bind port 0): bind port 0, read it, close.
inline std::uint16_t free_port(int type) {
  int fd = ::socket(AF_INET, type, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Reads lines from fd until one satisfies `accept`, the deadline passes or the writer closes the pipe.
template <typename Accept>
std::optional<std::string> read_line_until(int fd, std::string& buffer, std::chrono::milliseconds timeout,
                                           Accept accept) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::size_t newline;
    while ((newline = buffer.find('\n')) != std::string::npos) {
      std::string line = buffer.substr(0, newline);
      buffer.erase(0, newline + 1);
      if (accept(line)) {
        return line;
      }
    }
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return std::nullopt;
    }
    pollfd waiting{fd, POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) {
      continue;
    }
    char chunk[65536];
    ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got <= 0) {
      return std::nullopt;
    }
    buffer.append(chunk, static_cast<std::size_t>(got));
  }
}

// One admin command over TCP; the reply up to `terminator` (etsy and opsdeck end listings with "END\n\n").
inline std::optional<std::string> admin_command(std::uint16_t port, const std::string& command,
                                                const std::string& terminator = "END\n\n",
                                                std::chrono::milliseconds timeout = 5s) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  std::string line = command + "\n";
  if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size())) {
    ::close(fd);
    return std::nullopt;
  }
  std::string reply;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (reply.find(terminator) == std::string::npos) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd waiting{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) {
      break;
    }
    char chunk[4096];
    ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) {
      break;
    }
    reply.append(chunk, static_cast<std::size_t>(got));
  }
  ::close(fd);
  if (reply.find(terminator) == std::string::npos) {
    return std::nullopt;
  }
  return reply;
}

// "messages.metrics_received: 12" (opsdeck `stats`) or "'statsd.metrics_received': 12" (etsy `counters`).
inline std::optional<std::uint64_t> admin_number(const std::string& reply, const std::string& name) {
  std::smatch match;
  if (std::regex_search(
          reply, match,
          std::regex("'?" + std::regex_replace(name, std::regex("\\."), "\\.") + "'?: ([0-9]+)"))) {
    return std::stoull(match[1].str());
  }
  return std::nullopt;
}

struct RunningServer {
  std::optional<core::ChildProcess> process;
  std::uint16_t udp_port = 0;
  std::uint16_t admin_port = 0;
  bool etsy = false;
  std::string stdout_buffer;
  std::string error;  // why it did not start, when process is empty
};

// `opsdeck metrics serve --json` on ports 0; the bound ports come from its "listening" line on stderr.
inline RunningServer start_opsdeck(double flush_seconds) {
  RunningServer server;
  core::SpawnOptions options;
  options.argv = {opsdeck_binary().string(),
                  "metrics",
                  "serve",
                  "--listen",
                  "127.0.0.1:0",
                  "--admin",
                  "127.0.0.1:0",
                  "--flush-interval",
                  std::to_string(flush_seconds),
                  "--json"};
  options.stdout_target = core::OutputTarget::pipe();
  options.stderr_target = core::OutputTarget::pipe();
  auto child = core::ChildProcess::spawn(options);
  if (!child) {
    server.error = child.error().describe();
    return server;
  }
  std::string errors;
  auto line = read_line_until(child->stderr_fd(), errors, 15s, [](const std::string& text) {
    return text.find("statsd listening") != std::string::npos;
  });
  std::smatch match;
  if (!line || !std::regex_search(*line, match,
                                  std::regex("udp 127\\.0\\.0\\.1:([0-9]+), admin on tcp "
                                             "127\\.0\\.0\\.1:([0-9]+)"))) {
    server.error = "no listening line from opsdeck metrics serve: " + errors;
    return server;
  }
  server.udp_port = static_cast<std::uint16_t>(std::stoi(match[1].str()));
  server.admin_port = static_cast<std::uint16_t>(std::stoi(match[2].str()));
  server.process = std::move(*child);
  return server;
}

// etsy statsd 0.9.0 (node) with tests/peers/etsy_config.js: free ports, the JSON flush backend.
inline RunningServer start_etsy(std::chrono::milliseconds flush_interval) {
  RunningServer server;
  server.etsy = true;
  server.udp_port = free_port(SOCK_DGRAM);
  server.admin_port = free_port(SOCK_STREAM);
  core::SpawnOptions options;
  options.argv = {"node", (peers_dir() / "node_modules" / "statsd" / "stats.js").string(),
                  (peers_dir() / "etsy_config.js").string()};
  options.environment = {{"ETSY_PORT", std::to_string(server.udp_port)},
                         {"ETSY_MGMT_PORT", std::to_string(server.admin_port)},
                         {"ETSY_FLUSH_MS", std::to_string(flush_interval.count())}};
  options.stdout_target = core::OutputTarget::pipe();
  options.stderr_target = core::OutputTarget::pipe();
  auto child = core::ChildProcess::spawn(options);
  if (!child) {
    server.error = child.error().describe();
    return server;
  }
  // "server is up" is logged once the UDP socket is bound; the admin port answers soon after.
  auto up = read_line_until(child->stdout_fd(), server.stdout_buffer, 20s, [](const std::string& text) {
    return text.find("server is up") != std::string::npos;
  });
  if (!up) {
    server.error = "etsy statsd did not come up: " + server.stdout_buffer;
    return server;
  }
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!admin_command(server.admin_port, "health", "\n", 1s)) {
    if (std::chrono::steady_clock::now() > deadline) {
      server.error = "etsy statsd's admin port does not answer";
      return server;
    }
    ::usleep(50'000);
  }
  server.process = std::move(*child);
  return server;
}

// Lines received so far, from the admin interface.
inline std::optional<std::uint64_t> metrics_received(const RunningServer& server) {
  auto reply = admin_command(server.admin_port, server.etsy ? "counters" : "stats");
  if (!reply) {
    return std::nullopt;
  }
  return admin_number(*reply, server.etsy ? "statsd.metrics_received" : "messages.metrics_received");
}

// Polls the admin interface (bounded) until the server has seen `lines` lines.
inline bool wait_for_lines(const RunningServer& server, std::uint64_t lines,
                           std::chrono::milliseconds timeout = 20s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto seen = metrics_received(server);
    if (seen && *seen >= lines) {
      return true;
    }
    ::usleep(20'000);
  }
  return false;
}

// SIGTERM makes both servers flush once more before exiting: returns that last flush (a JSON line).
inline std::optional<nlohmann::json> stop_and_take_last_flush(RunningServer& server) {
  if (!server.process || !server.process->send_signal(SIGTERM)) {
    return std::nullopt;
  }
  std::optional<nlohmann::json> last;
  read_line_until(server.process->stdout_fd(), server.stdout_buffer, 20s, [&last](const std::string& line) {
    if (!line.empty() && line.front() == '{') {
      auto json = nlohmann::json::parse(line, nullptr, false);
      if (!json.is_discarded()) {
        last = std::move(json);
      }
    }
    return false;  // read to end of file
  });
  auto status = server.process->wait_for(10s);
  if (!status) {
    return std::nullopt;
  }
  return last;
}

}  // namespace opsdeck::testing::statsd
