// `opsdeck metrics serve` configured only through the metrics.* keys (here their OPSDECK_METRICS_*
// variables): it listens where metrics.listen says, uses metrics.percentiles, and forwards each flush to the
// Graphite listener named by metrics.graphite (a TCP listener this test opens on 127.0.0.1:0) with
// metrics.graphite_prefix; a flag still beats its key.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <regex>
#include <string>

#include "backend/core/process.hpp"
#include "tests/support/temporary_directory.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck {
namespace {

using namespace std::chrono_literals;

// Reads from fd until `done(text)` or the timeout; returns what arrived.
template <typename Done>
std::string read_until(int fd, std::chrono::milliseconds timeout, Done done) {
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done(text) && std::chrono::steady_clock::now() < deadline) {
    pollfd waiting{fd, POLLIN, 0};
    if (::poll(&waiting, 1, 100) != 1) {
      continue;
    }
    char chunk[4096];
    ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got <= 0) {
      break;
    }
    text.append(chunk, static_cast<std::size_t>(got));
  }
  return text;
}

TEST(MetricsServeConfig, KeysChooseListenerPercentilesAndGraphite) {
  int graphite = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(graphite, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(graphite, 1), 0);
  socklen_t length = sizeof address;
  ::getsockname(graphite, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string graphite_address = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  testing::TemporaryDirectory state;
  core::SpawnOptions serve;
  serve.argv = {testing::opsdeck_binary().string(),
                "--state-dir",
                state.path().string(),
                "metrics",
                "serve",
                "--flush-interval",
                "1"};
  serve.environment = {
      {"OPSDECK_METRICS_LISTEN", "127.0.0.1:0"},  {"OPSDECK_METRICS_ADMIN", "127.0.0.1:0"},
      {"OPSDECK_METRICS_FLUSH_INTERVAL", "3600"},  // the flag wins
      {"OPSDECK_METRICS_PERCENTILES", "50"},      {"OPSDECK_METRICS_GRAPHITE", graphite_address},
      {"OPSDECK_METRICS_GRAPHITE_PREFIX", "cfg"}};
  serve.stdout_target = core::OutputTarget::pipe();
  serve.stderr_target = core::OutputTarget::pipe();
  auto server = core::ChildProcess::spawn(serve);
  ASSERT_TRUE(server) << server.error().describe();
  std::string banner = read_until(
      server->stderr_fd(), 10s, [](const std::string& text) { return text.find('\n') != std::string::npos; });
  std::smatch match;
  ASSERT_TRUE(std::regex_search(banner, match, std::regex("udp 127\\.0\\.0\\.1:([0-9]+)"))) << banner;
  EXPECT_NE(banner.find("forwarding to graphite " + graphite_address), std::string::npos) << banner;
  std::smatch admin;
  ASSERT_TRUE(std::regex_search(banner, admin, std::regex("admin on tcp 127\\.0\\.0\\.1:([0-9]+)")))
      << banner;
  EXPECT_NE(admin[1].str(), "8126") << "metrics.admin chose a free port";

  int udp = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  target.sin_port = htons(static_cast<std::uint16_t>(std::stoi(match[1].str())));
  const std::string packet = "cfg.hits:2|c\ncfg.lat:10|ms\ncfg.lat:30|ms";
  ASSERT_EQ(
      ::sendto(udp, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&target), sizeof target),
      static_cast<ssize_t>(packet.size()));
  ::close(udp);

  pollfd waiting{graphite, POLLIN, 0};
  ASSERT_EQ(::poll(&waiting, 1, 10000), 1) << "no connection from the forwarder";
  int connection = ::accept4(graphite, nullptr, nullptr, SOCK_CLOEXEC);
  ASSERT_GE(connection, 0);
  std::string lines = read_until(connection, 10s, [](const std::string& text) {
    return text.find("cfg.stats.timers.cfg.lat.median ") != std::string::npos &&
           text.find("cfg.statsd.numStats ", text.find("cfg.stats.timers.cfg.lat.median ")) !=
               std::string::npos;
  });
  EXPECT_NE(lines.find("cfg.stats.cfg.hits 2 "), std::string::npos) << lines;  // 2 in a 1 s interval
  EXPECT_NE(lines.find("cfg.stats_counts.cfg.hits 2 "), std::string::npos) << lines;
  EXPECT_NE(lines.find("cfg.stats.timers.cfg.lat.upper_50 10 "), std::string::npos) << lines;
  EXPECT_EQ(lines.find("upper_90"), std::string::npos) << "only metrics.percentiles' 50: " << lines;
  EXPECT_NE(lines.find("cfg.stats.timers.cfg.lat.mean 20 "), std::string::npos) << lines;
  ::close(connection);
  ::close(graphite);
  ::kill(server->pid(), SIGTERM);
  auto status = server->wait_for(10s);
  ASSERT_TRUE(status.has_value()) << "metrics serve did not stop on SIGTERM";
  EXPECT_TRUE(status->success());
}

}  // namespace
}  // namespace opsdeck
