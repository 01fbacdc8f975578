// The server over loopback, in-process: ephemeral ports, short flush interval, bounded waits.
#include "backend/metrics/statsd_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstring>
#include <mutex>

namespace opsdeck::metrics {
namespace {

using namespace std::chrono_literals;

void send_udp(int family, std::uint16_t port, const std::string& payload) {
  int fd = ::socket(family, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  if (family == AF_INET6) {
    sockaddr_in6 to{};
    to.sin6_family = AF_INET6;
    to.sin6_port = htons(port);
    to.sin6_addr = in6addr_loopback;
    ::sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  } else {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  }
  ::close(fd);
}

// Sends a command to the admin port and reads until `until` appears (or the peer closes, or 5 s pass).
std::string admin_exchange(std::uint16_t port, const std::string& command, const std::string& until) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return "connect failed";
  }
  ::send(fd, command.data(), command.size(), MSG_NOSIGNAL);
  std::string reply;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (reply.find(until) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd waiting{fd, POLLIN, 0};
    if (::poll(&waiting, 1, 100) <= 0) {
      continue;
    }
    char chunk[4096];
    ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) {
      break;
    }
    reply.append(chunk, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return reply;
}

class FlushCollector {
 public:
  StatsdServer::FlushCallback callback() {
    return [this](const StatsdFlush& flush) {
      std::lock_guard lock(mutex_);
      flushes_.push_back(flush);
      changed_.notify_all();
    };
  }
  // Waits (at most 5 s) for a flush that satisfies the predicate.
  template <typename Predicate>
  std::optional<StatsdFlush> wait_for(Predicate predicate) {
    std::unique_lock lock(mutex_);
    std::optional<StatsdFlush> found;
    changed_.wait_for(lock, 5s, [&] {
      for (const auto& flush : flushes_) {
        if (predicate(flush)) {
          found = flush;
          return true;
        }
      }
      return false;
    });
    return found;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<StatsdFlush> flushes_;
};

StatsdServerOptions loopback_options() {
  StatsdServerOptions options;
  options.listen = "127.0.0.1:0";
  options.admin = "127.0.0.1:0";
  options.flush_interval = 100ms;
  return options;
}

TEST(StatsdServer, ReceivesFlushesAndPublishes) {
  FlushCollector collector;
  auto server = StatsdServer::start(loopback_options(), collector.callback());
  ASSERT_TRUE(server) << server.error().describe();
  ASSERT_NE((*server)->udp_port(), 0);
  send_udp(AF_INET, (*server)->udp_port(), "hits:2|c\nlat:10|ms\nbroken\n");
  auto flush = collector.wait_for([](const StatsdFlush& f) { return !f.counters.empty(); });
  ASSERT_TRUE(flush);
  EXPECT_DOUBLE_EQ(flush->counters[0].value, 2);
  EXPECT_DOUBLE_EQ(flush->counters[0].rate, 20);  // 2 over 0.1 s
  ASSERT_EQ(flush->timers.size(), 1u);
  EXPECT_EQ(flush->totals.bad_lines_seen, 1u);
  EXPECT_GE((*server)->latest().version(), 1u);
  (*server)->stop();
  (*server)->stop();  // idempotent
}

TEST(StatsdServer, CountsOversizedDatagramsAsBad) {
  StatsdServerOptions options = loopback_options();
  options.max_packet_bytes = 64;
  FlushCollector collector;
  auto server = StatsdServer::start(options, collector.callback());
  ASSERT_TRUE(server) << server.error().describe();
  send_udp(AF_INET, (*server)->udp_port(), "x:1|c\n" + std::string(200, 'a'));
  auto flush = collector.wait_for([](const StatsdFlush& f) { return f.totals.bad_lines_seen > 0; });
  ASSERT_TRUE(flush);
  EXPECT_TRUE(flush->counters.empty());
  EXPECT_EQ(flush->recent_bad_lines.at(0).reason, "packet larger than 64 bytes, dropped");
}

TEST(StatsdServer, ListensOnIpv6) {
  StatsdServerOptions options = loopback_options();
  options.listen = "[::1]:0";
  options.admin = "";
  FlushCollector collector;
  auto server = StatsdServer::start(options, collector.callback());
  if (!server) {
    GTEST_SKIP() << "no IPv6 loopback here: " << server.error().describe();
  }
  EXPECT_EQ((*server)->udp_address().front(), '[');
  send_udp(AF_INET6, (*server)->udp_port(), "v6:1|g");
  auto flush = collector.wait_for([](const StatsdFlush& f) { return !f.gauges.empty(); });
  ASSERT_TRUE(flush);
  EXPECT_DOUBLE_EQ(flush->gauges[0].value, 1);
}

TEST(StatsdServer, AdminInterfaceAnswersOverTcp) {
  auto server = StatsdServer::start(loopback_options());
  ASSERT_TRUE(server) << server.error().describe();
  send_udp(AF_INET, (*server)->udp_port(), "g1:7|g\nbad line");
  std::string stats;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    stats = admin_exchange((*server)->admin_port(), "stats\n", "END\n\n");
    if (stats.find("messages.bad_lines_seen: 1") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(stats.find("messages.packets_received: 1"), std::string::npos) << stats;
  EXPECT_NE(stats.find("messages.metrics_received: 2"), std::string::npos) << stats;
  EXPECT_NE(admin_exchange((*server)->admin_port(), "gauges\n", "END\n\n").find("\"g1\": 7.0"),
            std::string::npos);
  EXPECT_EQ(admin_exchange((*server)->admin_port(), "delgauges g1\nquit\n", "END\n\n"),
            "deleted: g1\nEND\n\n");
  EXPECT_EQ(admin_exchange((*server)->admin_port(), "health\n", "\n"), "health: up\n");
}

TEST(StatsdServer, RefusesBadAddressesAndBusyPorts) {
  StatsdServerOptions options = loopback_options();
  options.listen = "localhost:8125";
  auto named = StatsdServer::start(options);
  ASSERT_FALSE(named);
  EXPECT_NE(named.error().message.find("localhost:8125"), std::string::npos);

  auto first = StatsdServer::start(loopback_options());
  ASSERT_TRUE(first);
  options = loopback_options();
  options.listen = (*first)->udp_address();
  auto second = StatsdServer::start(options);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("cannot bind"), std::string::npos) << second.error().message;
}

TEST(StatsdServer, ReceiveThreadsShareThePortAndEveryDatagramIsCounted) {
  StatsdServerOptions options = loopback_options();
  options.receive_threads = 3;
  options.flush_interval = std::chrono::hours(1);  // only the admin reply and stop() absorb the workers
  FlushCollector collector;
  auto server = StatsdServer::start(options, collector.callback());
  ASSERT_TRUE(server) << server.error().describe();
  EXPECT_EQ((*server)->receive_threads(), 3u);
  // Each datagram from its own socket (a new source port): the kernel spreads them over the three sockets.
  constexpr int kSenders = 60;
  for (int i = 0; i < kSenders; ++i) {
    send_udp(AF_INET, (*server)->udp_port(),
             "hits:1|c\nusers:u" + std::to_string(i % 7) + "|s\nlat:" + std::to_string(i) + "|ms");
  }
  std::string stats;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    stats = admin_exchange((*server)->admin_port(), "stats\n", "END\n\n");
    if (stats.find("messages.metrics_received: 180") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(stats.find("messages.packets_received: 60\n"), std::string::npos) << stats;
  EXPECT_NE(admin_exchange((*server)->admin_port(), "counters\n", "END\n\n").find("\"hits\": 60"),
            std::string::npos);
  (*server)->stop();
  auto flush = collector.wait_for([](const StatsdFlush& f) { return !f.counters.empty(); });
  ASSERT_TRUE(flush);
  EXPECT_DOUBLE_EQ(flush->counters[0].value, kSenders);
  ASSERT_EQ(flush->sets.size(), 1u);
  EXPECT_EQ(flush->sets[0].count, 7u);
  ASSERT_EQ(flush->timers.size(), 1u);
  EXPECT_DOUBLE_EQ(flush->timers[0].stats.count, kSenders);
  EXPECT_DOUBLE_EQ(flush->timers[0].stats.upper, kSenders - 1);
}

TEST(StatsdServer, ReceiveThreadsDoNotJoinABusyPort) {
  StatsdServerOptions options = loopback_options();
  options.receive_threads = 2;
  auto first = StatsdServer::start(options);
  ASSERT_TRUE(first) << first.error().describe();
  options.listen = (*first)->udp_address();
  options.admin = "";
  auto second = StatsdServer::start(options);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("cannot bind"), std::string::npos) << second.error().message;
}

}  // namespace
}  // namespace opsdeck::metrics
