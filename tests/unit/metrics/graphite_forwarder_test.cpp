// GraphiteForwarder against a TCP listener the test opens on 127.0.0.1:0: the exact lines arrive; when the
// listener goes away the flushes queue up to the bound, the oldest are dropped and counted, and when it comes
// back on the same port the queued ones arrive: every flush is either received or counted as dropped.
#include "backend/metrics/graphite_forwarder.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "backend/metrics/graphite_lines.hpp"
#include "backend/metrics/statsd_aggregator.hpp"

namespace opsdeck::metrics {
namespace {

StatsdSeriesRef series_ref(std::string_view name, std::string_view tags) {
  return std::make_shared<const StatsdSeriesName>(make_series_name(name, tags));
}

using namespace std::chrono_literals;
constexpr auto kTimeout = 10s;

// A loopback TCP listener; port 0 picks a free one, a given port re-binds (SO_REUSEADDR).
int listen_on(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::uint16_t port_of(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

int accept_within(int listener) {
  pollfd waiting{listener, POLLIN, 0};
  if (::poll(&waiting, 1, static_cast<int>(std::chrono::milliseconds(kTimeout).count())) != 1) {
    return -1;
  }
  return ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
}

// Reads until `lines_wanted` lines "statsd.numStats ..." (one per flush) have arrived, or the timeout.
std::string read_flushes(int fd, int flushes_wanted) {
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  auto count = [&text] {
    int found = 0;
    for (std::size_t at = text.find("statsd.numStats "); at != std::string::npos;
         at = text.find("statsd.numStats ", at + 1)) {
      found += text.find('\n', at) != std::string::npos ? 1 : 0;
    }
    return found;
  };
  while (count() < flushes_wanted && std::chrono::steady_clock::now() < deadline) {
    pollfd waiting{fd, POLLIN, 0};
    if (::poll(&waiting, 1, 200) != 1) {
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

StatsdFlush flush_number(int number) {
  StatsdFlush flush;
  flush.at = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000 + 10 * number));
  flush.counters.push_back(CounterValue{series_ref("sent", ""), static_cast<double>(number), 0.1 * number});
  flush.gauges.push_back(GaugeValue{series_ref("flush.number", ""), static_cast<double>(number)});
  return flush;
}

template <typename Predicate>
bool wait_for_counters(const GraphiteForwarder& forwarder, Predicate predicate) {
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate(forwarder.counters())) {
      return true;
    }
    std::this_thread::sleep_for(10ms);
  }
  return predicate(forwarder.counters());
}

TEST(GraphiteForwarder, RejectsABadAddress) {
  auto forwarder = GraphiteForwarder::start({"graphite.example:2003", "", 4, 10ms, 10ms, 1s});
  ASSERT_FALSE(forwarder.ok());
  EXPECT_NE(forwarder.error().message.find("graphite.example:2003"), std::string::npos);
}

TEST(GraphiteForwarder, SendsExactLinesAndCountsWhatTheOutageDropped) {
  int listener = listen_on(0);
  ASSERT_GE(listener, 0);
  std::uint16_t port = port_of(listener);
  GraphiteForwarderOptions options;
  options.address = "127.0.0.1:" + std::to_string(port);
  options.prefix = "ops";
  options.max_queued_flushes = 2;
  options.min_backoff = 10ms;
  options.max_backoff = 100ms;
  auto forwarder = GraphiteForwarder::start(options);
  ASSERT_TRUE(forwarder.ok()) << forwarder.error().message;

  (*forwarder)->submit(flush_number(1));
  int connection = accept_within(listener);
  ASSERT_GE(connection, 0);
  EXPECT_EQ(read_flushes(connection, 1), graphite_lines(flush_number(1), "ops"));
  EXPECT_EQ(graphite_lines(flush_number(1), "ops").substr(0, 30), "ops.stats.sent 0.1 1700000010\n");

  // Graphite goes away: five flushes, room for two.
  ::close(connection);
  ::close(listener);
  for (int number = 2; number <= 6; ++number) {
    (*forwarder)->submit(flush_number(number));
  }
  ASSERT_TRUE(wait_for_counters(**forwarder,
                                [](const GraphiteForwarderCounters& counters) {
                                  return counters.flushes_dropped == 3 && counters.connect_failures > 0;
                                }))
      << (*forwarder)->counters().flushes_dropped << " dropped; " << (*forwarder)->counters().last_error;
  EXPECT_NE((*forwarder)->counters().last_error.find(options.address), std::string::npos);

  // It comes back on the same port: the two newest queued flushes arrive, in order, then new ones.
  listener = listen_on(port);
  ASSERT_GE(listener, 0) << "port " << port << " was taken meanwhile";
  connection = accept_within(listener);
  ASSERT_GE(connection, 0);
  EXPECT_EQ(read_flushes(connection, 2),
            graphite_lines(flush_number(5), "ops") + graphite_lines(flush_number(6), "ops"));
  (*forwarder)->submit(flush_number(7));
  EXPECT_EQ(read_flushes(connection, 1), graphite_lines(flush_number(7), "ops"));

  ASSERT_TRUE(wait_for_counters(
      **forwarder, [](const GraphiteForwarderCounters& counters) { return counters.flushes_sent == 4; }));
  GraphiteForwarderCounters counters = (*forwarder)->counters();
  EXPECT_EQ(counters.flushes_queued, 7u);
  EXPECT_EQ(counters.flushes_sent + counters.flushes_dropped, counters.flushes_queued);
  EXPECT_EQ(counters.queued, 0u);
  EXPECT_EQ(counters.connects, 2u);
  ::close(connection);
  ::close(listener);
}

TEST(GraphiteForwarder, SubmitNeverWaitsForAnAbsentGraphite) {
  int listener = listen_on(0);
  ASSERT_GE(listener, 0);
  std::uint16_t port = port_of(listener);
  ::close(listener);  // nothing listens there now
  auto forwarder = GraphiteForwarder::start({"127.0.0.1:" + std::to_string(port), "", 3, 10ms, 50ms, 1s});
  ASSERT_TRUE(forwarder.ok());
  for (int number = 1; number <= 100; ++number) {
    (*forwarder)->submit(flush_number(number));
  }
  GraphiteForwarderCounters counters = (*forwarder)->counters();
  EXPECT_EQ(counters.flushes_queued, 100u);
  EXPECT_EQ(counters.flushes_sent, 0u);
  // At most the bound waits (plus one in flight); the rest were dropped and counted.
  EXPECT_GE(counters.flushes_dropped, 96u);
  EXPECT_LE(counters.queued, 3u);
}

}  // namespace
}  // namespace opsdeck::metrics
