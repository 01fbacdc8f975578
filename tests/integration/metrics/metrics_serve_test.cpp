// End to end: the real `opsdeck metrics serve --json` receives known traffic from Debian's python3-statsd
// client and prints the flushed values we expect from etsy statsd's maths. Bounded waits everywhere; the
// server is stopped with SIGTERM (and killed by ChildProcess if it does not go).

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "backend/core/process.hpp"
#include "tests/integration/metrics/statsd_peers.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck {
namespace {

using namespace std::chrono_literals;

using testing::statsd::read_line_until;

bool metrics_cli_available() {
  core::SpawnOptions options;
  options.argv = {testing::opsdeck_binary().string(), "metrics", "serve", "--help"};
  auto run = core::run_and_capture(options, 10s);
  // A binary without the subcommand prints the root help (exit 0), so look for serve's own flag.
  return run && run->status.success() && run->output.find("--flush-interval") != std::string::npos;
}

// Debian's interpreter: a pyenv or virtualenv python3 earlier in PATH would not see python3-statsd.
std::string python() {
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

bool python_statsd_available() {
  core::SpawnOptions options;
  options.argv = {python(), "-c", "import statsd"};
  auto run = core::run_and_capture(options, 10s);
  return run && run->status.success();
}

TEST(MetricsServe, FlushesWhatPythonStatsdSent) {
  // scripts/test installs both; a missing one is a broken set-up, not a reason to pass.
  ASSERT_TRUE(metrics_cli_available()) << testing::opsdeck_binary() << " has no working `metrics serve`";
  ASSERT_TRUE(python_statsd_available())
      << "python3-statsd is not installed (apt-get install python3-statsd)";
  testing::statsd::RunningServer running = testing::statsd::start_opsdeck(1);
  ASSERT_TRUE(running.process) << running.error;
  core::ChildProcess* server = &*running.process;
  const std::uint16_t port = running.udp_port;

  // One datagram (maxudpsize large, a pipeline) so every line lands in the same flush interval. Sampling
  // is made deterministic: the client sends every sampled call, with its @rate, as if random() said yes.
  std::string script =
      "import socket, statsd, statsd.client.base as base\n"
      "base.random.random = lambda: 0.0\n"
      "c = statsd.StatsClient('127.0.0.1', " +
      std::to_string(port) +
      ", maxudpsize=8000)\n"
      "with c.pipeline() as p:\n"
      "    for _ in range(3): p.incr('app.hits', 1, rate=0.1)\n"
      "    for v in range(1, 101): p.timing('app.latency', v)\n"
      "    p.gauge('app.pool', 10)\n"
      "    p.gauge('app.pool', 5, delta=True)\n"
      "    p.gauge('app.pool', -3, delta=True)\n"
      "    for u in ['ann', 'bob', 'ann', 'cid']: p.set('app.users', u)\n"
      "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
      "s.sendto(b'app.tagged:4|c|#role:db,env:prod\\napp.bad:NaN|ms', ('127.0.0.1', " +
      std::to_string(port) + "))\n";
  core::SpawnOptions client;
  client.argv = {python(), "-c", script};
  auto sent = core::run_and_capture(client, 30s);
  ASSERT_TRUE(sent) << sent.error().describe();
  ASSERT_TRUE(sent->status.success()) << sent->output;

  std::string& output = running.stdout_buffer;
  nlohmann::json traffic;
  nlohmann::json tagged;
  auto found = read_line_until(server->stdout_fd(), output, 15s, [&](const std::string& line) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded()) {
      ADD_FAILURE() << "not JSON: " << line;
      return false;
    }
    if (json["counters"].contains("app.hits")) {
      traffic = json;
    }
    if (json["counters"].contains("app.tagged|#env:prod,role:db")) {
      tagged = json;
    }
    return !traffic.is_null() && !tagged.is_null();
  });
  ASSERT_TRUE(found) << "no flush with the traffic; last output: " << output;

  // Counter: 3 x 1 @0.1 = 30 over a 1 s interval.
  EXPECT_DOUBLE_EQ(traffic["counters"]["app.hits"]["value"].get<double>(), 30);
  EXPECT_DOUBLE_EQ(traffic["counters"]["app.hits"]["rate"].get<double>(), 30);
  // Timer 1..100: etsy's numbers.
  const auto& latency = traffic["timers"]["app.latency"];
  EXPECT_DOUBLE_EQ(latency["count"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(latency["mean"].get<double>(), 50.5);
  EXPECT_DOUBLE_EQ(latency["median"].get<double>(), 50.5);
  EXPECT_DOUBLE_EQ(latency["lower"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(latency["upper"].get<double>(), 100);
  EXPECT_NEAR(latency["std"].get<double>(), std::sqrt(833.25), 1e-9);
  EXPECT_DOUBLE_EQ(latency["upper_90"].get<double>(), 90);
  EXPECT_DOUBLE_EQ(latency["mean_90"].get<double>(), 45.5);
  EXPECT_DOUBLE_EQ(latency["sum_90"].get<double>(), 4095);
  EXPECT_DOUBLE_EQ(latency["upper_95"].get<double>(), 95);
  EXPECT_DOUBLE_EQ(latency["mean_95"].get<double>(), 48);
  EXPECT_DOUBLE_EQ(latency["upper_99"].get<double>(), 99);
  EXPECT_DOUBLE_EQ(latency["mean_99"].get<double>(), 50);
  // Gauge 10 +5 -3; set {ann, bob, cid}; tags as labels.
  EXPECT_DOUBLE_EQ(traffic["gauges"]["app.pool"]["value"].get<double>(), 12);
  EXPECT_EQ(traffic["sets"]["app.users"]["count"].get<int>(), 3);
  const auto& tagged_counter = tagged["counters"]["app.tagged|#env:prod,role:db"];
  EXPECT_EQ(tagged_counter["name"], "app.tagged");
  EXPECT_EQ(tagged_counter["labels"], nlohmann::json({"env:prod", "role:db"}));
  EXPECT_DOUBLE_EQ(tagged_counter["value"].get<double>(), 4);
  EXPECT_GE(tagged["totals"]["bad_lines_seen"].get<int>(), 1);

  ASSERT_TRUE(server->send_signal(SIGTERM));
  auto status = server->wait_for(10s);
  ASSERT_TRUE(status) << "the server did not stop on SIGTERM";
  EXPECT_TRUE(status->success()) << status->describe();
}

}  // namespace
}  // namespace opsdeck
