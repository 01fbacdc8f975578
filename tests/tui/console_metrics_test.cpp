// The Metrics view in the real console: the console's own statsd server (on a free port, from
// OPSDECK_METRICS_LISTEN=127.0.0.1:0 set by ConsoleSession) receives counters from Debian's python3-statsd
// client; the view shows the bound address, the series with its type and rate, and its braille graph.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <regex>
#include <string>

#include "backend/core/process.hpp"
#include "tests/support/console_session.hpp"

namespace opsdeck::testing {
namespace {

using namespace std::chrono_literals;

std::string python() {
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

// The UDP port from the view's first line ("statsd on udp 127.0.0.1:PORT ...").
std::optional<int> bound_port(const std::string& screen) {
  std::smatch match;
  if (std::regex_search(screen, match, std::regex("statsd on udp 127\\.0\\.0\\.1:([0-9]+)"))) {
    return std::stoi(match[1].str());
  }
  return std::nullopt;
}

// Sends `count` increments of 5 to tmux.hits and the gauge tmux.level=7 with the statsd module.
::testing::AssertionResult send_counters(int port) {
  core::SpawnOptions client;
  client.argv = {python(), "-c",
                 "import statsd\n"
                 "c = statsd.StatsClient('127.0.0.1', " +
                     std::to_string(port) +
                     ")\n"
                     "for _ in range(3): c.incr('tmux.hits', 5)\n"
                     "c.gauge('tmux.level', 7)\n"};
  auto sent = core::run_and_capture(client, 30s);
  if (!sent) {
    return ::testing::AssertionFailure() << sent.error().describe();
  }
  if (!sent->status.success()) {
    return ::testing::AssertionFailure() << "python3 statsd client failed: " << sent->output;
  }
  return ::testing::AssertionSuccess();
}

bool has_braille(const std::string& screen) {
  // U+2801..U+28FF in UTF-8: E2 A0 81 .. E2 A3 BF.
  for (std::size_t i = 0; i + 2 < screen.size(); ++i) {
    auto lead = static_cast<unsigned char>(screen[i]);
    auto second = static_cast<unsigned char>(screen[i + 1]);
    if (lead == 0xE2 && second >= 0xA0 && second <= 0xA3 &&
        !(second == 0xA0 && static_cast<unsigned char>(screen[i + 2]) == 0x80)) {
      return true;
    }
  }
  return false;
}

// Through the palette (":metrics"), so the test does not depend on the view's tab number.
::testing::AssertionResult open_metrics_view(const ConsoleSession& console) {
  console.send_keys({":"});
  auto prompt = console.wait_until(
      "the palette prompt",
      [](const std::string& screen) { return screen.find("show the Metrics view") != std::string::npos; },
      kDrawTimeout);
  if (!prompt) {
    return prompt;
  }
  console.send_text("metrics");
  console.send_keys({"Enter"});
  return console.wait_for("statsd ", kDrawTimeout);
}

TEST(ConsoleMetricsTest, ShowsASeriesSentByAStatsdClientAndItsGraph) {
  ConsoleSession console(
      ConsoleOptions::sized(140, 40).with_environment("OPSDECK_METRICS_FLUSH_INTERVAL", "1"));
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(open_metrics_view(console)) << console.capture();
  ASSERT_TRUE(console.wait_for("statsd on udp 127.0.0.1:", kDrawTimeout)) << console.capture();
  auto port = bound_port(console.capture());
  ASSERT_TRUE(port.has_value()) << console.capture();
  ASSERT_NE(*port, 8125) << "the test environment asked for a free port";

  // Filter to the series first, so the selection (and so the graph) is the one we send.
  console.send_keys({"/"});
  console.send_text("tmux.hits");
  console.send_keys({"Enter"});
  // A few flushes' worth of traffic, so the graph has points; bounded in count.
  bool shown = false;
  for (int round = 0; round < 15 && !shown; ++round) {
    ASSERT_TRUE(send_counters(*port));
    shown = console.wait_until(
        "tmux.hits with its rate and graph",
        [](const std::string& screen) {
          return screen.find("tmux.hits - rate per second") != std::string::npos &&
                 screen.find("/s (15)") != std::string::npos && has_braille(screen);
        },
        2s);
  }
  std::string screen = console.capture();
  ASSERT_TRUE(shown) << screen;
  EXPECT_NE(screen.find("counter"), std::string::npos) << screen;
  EXPECT_NE(screen.find("Series 1 of"), std::string::npos) << screen;

  // Esc while filtering clears the filter: the gauge and the console's own engine metrics come back.
  console.send_keys({"/", "Escape"});
  EXPECT_TRUE(console.wait_for("tmux.level", kDrawTimeout)) << console.capture();
  EXPECT_TRUE(console.wait_for("stack.up.duration", kDrawTimeout)) << console.capture();
}

TEST(ConsoleMetricsTest, APortAlreadyTakenIsShownAndTheConsoleStillWorks) {
  // Hold a UDP port, then ask the console to listen there.
  int taken = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(taken, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(taken, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ::getsockname(taken, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string listen = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  ConsoleSession console(ConsoleOptions::sized(140, 40).with_environment("OPSDECK_METRICS_LISTEN", listen));
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(open_metrics_view(console)) << console.capture();
  EXPECT_TRUE(console.wait_for("statsd server not running", kDrawTimeout)) << console.capture();
  EXPECT_TRUE(console.wait_for(listen, kDrawTimeout)) << console.capture();
  // The rest of the console goes on: another view still opens.
  console.send_keys({"2"});
  EXPECT_TRUE(console.wait_for("Log", kDrawTimeout)) << console.capture();
  ::close(taken);
}

}  // namespace
}  // namespace opsdeck::testing
