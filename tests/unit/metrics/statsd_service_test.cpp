// start_statsd_service (the console's statsd server): with metrics.graphite set, every flush reaches a
// loopback Graphite listener as plaintext lines; a bad metrics.graphite refuses to start, naming it.
#include "backend/metrics/statsd_service.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "tests/support/temporary_directory.hpp"

namespace opsdeck::metrics {
namespace {

using namespace std::chrono_literals;

core::Result<core::Config> config_with(const opsdeck::testing::TemporaryDirectory& home,
                                       std::map<std::string, std::string> environment) {
  core::ConfigSources sources;
  sources.environment = std::move(environment);
  sources.environment.emplace("HOME", home.path().string());
  sources.state_dir = home.path() / "state";
  return core::Config::load(sources);
}

int graphite_listener(std::uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

void send_udp(std::uint16_t port, const std::string& payload) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  ::close(fd);
}

// Reads from the accepted connection until `wanted` is in the text (or 10 s pass).
std::string read_until(int listener, const std::string& wanted) {
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  pollfd accepting{listener, POLLIN, 0};
  if (::poll(&accepting, 1, 10'000) != 1) {
    return "no connection";
  }
  int connection = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  while (text.find(wanted) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd waiting{connection, POLLIN, 0};
    if (::poll(&waiting, 1, 200) != 1) {
      continue;
    }
    char chunk[4096];
    ssize_t got = ::read(connection, chunk, sizeof chunk);
    if (got <= 0) {
      break;
    }
    text.append(chunk, static_cast<std::size_t>(got));
  }
  ::close(connection);
  return text;
}

TEST(StatsdService, ForwardsEveryFlushToTheConfiguredGraphite) {
  opsdeck::testing::TemporaryDirectory home;
  std::uint16_t graphite_port = 0;
  int listener = graphite_listener(graphite_port);
  ASSERT_GE(listener, 0);
  auto config = config_with(home, {{"OPSDECK_METRICS_LISTEN", "127.0.0.1:0"},
                                   {"OPSDECK_METRICS_ADMIN", "127.0.0.1:0"},
                                   {"OPSDECK_METRICS_FLUSH_INTERVAL", "1"},
                                   {"OPSDECK_METRICS_GRAPHITE", "127.0.0.1:" + std::to_string(graphite_port)},
                                   {"OPSDECK_METRICS_GRAPHITE_PREFIX", "console"}});
  ASSERT_TRUE(config.ok()) << config.error().describe();
  int flushes_seen = 0;
  auto service = start_statsd_service(*config, [&flushes_seen](const StatsdFlush&) { ++flushes_seen; });
  ASSERT_TRUE(service.ok()) << service.error().describe();
  ASSERT_NE(service->graphite, nullptr);
  EXPECT_EQ(service->graphite->address(), "127.0.0.1:" + std::to_string(graphite_port));
  send_udp(service->server->udp_port(), "orders:3|c\nqueue:7|g");
  std::string text = read_until(listener, "console.stats.gauges.queue 7 ");
  EXPECT_NE(text.find("console.stats_counts.orders 3 "), std::string::npos) << text;
  EXPECT_NE(text.find("console.stats.orders 3 "), std::string::npos) << text;  // 3 per 1 s interval
  EXPECT_NE(text.find("console.stats.gauges.queue 7 "), std::string::npos) << text;
  service->server->stop();
  EXPECT_GE(flushes_seen, 1);  // the caller's callback still runs after the forwarder's
  ::close(listener);
}

TEST(StatsdService, WithoutGraphiteNothingIsForwardedAndABadAddressIsRefused) {
  opsdeck::testing::TemporaryDirectory home;
  auto plain = config_with(
      home, {{"OPSDECK_METRICS_LISTEN", "127.0.0.1:0"}, {"OPSDECK_METRICS_ADMIN", "127.0.0.1:0"}});
  ASSERT_TRUE(plain.ok()) << plain.error().describe();
  auto service = start_statsd_service(*plain);
  ASSERT_TRUE(service.ok()) << service.error().describe();
  EXPECT_EQ(service->graphite, nullptr);
  EXPECT_NE(service->server->udp_port(), 0);

  auto bad = config_with(home, {{"OPSDECK_METRICS_LISTEN", "127.0.0.1:0"},
                                {"OPSDECK_METRICS_ADMIN", "127.0.0.1:0"},
                                {"OPSDECK_METRICS_GRAPHITE", "graphite.example:2003"}});
  ASSERT_TRUE(bad.ok()) << bad.error().describe();
  auto refused = start_statsd_service(*bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("graphite.example:2003"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace opsdeck::metrics
