// The npm statsd peers against `opsdeck metrics serve --json`: hot-shots (a real DogStatsD-capable client)
// sends known traffic (hot_shots_traffic.js) and the final flush must hold etsy statsd's numbers; then etsy
// statsd 0.9.0 itself receives the same traffic and every counter, rate, timer statistic, gauge and set it
// flushes must equal opsdeck's. Flush intervals are an hour: each server flushes everything once, on SIGTERM,
// after its admin interface has counted every line, so no value can straddle two intervals.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "tests/integration/metrics/statsd_peers.hpp"

namespace opsdeck {
namespace {

namespace peers = testing::statsd;
using namespace std::chrono_literals;

// Skips (node absent) or fails (peers not installed: scripts/test installs them) before any server starts.
#define OPSDECK_REQUIRE_NODE_PEERS()                                                                     \
  do {                                                                                                   \
    if (!peers::node_available()) {                                                                      \
      GTEST_SKIP() << "node is not installed: the npm statsd peers cannot run (apt-get install nodejs)"; \
    }                                                                                                    \
    ASSERT_TRUE(peers::peers_installed())                                                                \
        << "tests/peers/node_modules is missing: run `npm ci --prefix tests/peers` (scripts/test does)"; \
  } while (false)

// Sends the hot-shots traffic to `port`; returns how many statsd lines went out (0 on failure).
std::uint64_t send_hot_shots_traffic(std::uint16_t port) {
  core::SpawnOptions options;
  options.argv = {"node", (peers::metrics_tests_dir() / "hot_shots_traffic.js").string(),
                  peers::peers_dir().string(), std::to_string(port)};
  auto run = core::run_and_capture(options, 60s);
  if (!run || !run->status.success()) {
    ADD_FAILURE() << "hot-shots traffic failed: " << (run ? run->output : run.error().describe());
    return 0;
  }
  auto json = nlohmann::json::parse(run->output.substr(run->output.find('{')), nullptr, false);
  if (json.is_discarded() || !json.contains("lines")) {
    ADD_FAILURE() << "hot-shots traffic printed no line count: " << run->output;
    return 0;
  }
  return json["lines"].get<std::uint64_t>();
}

// Runs one server, sends the traffic, waits until all of it was counted, stops it: the last flush.
std::optional<nlohmann::json> flush_of_hot_shots_traffic(peers::RunningServer server) {
  if (!server.process) {
    ADD_FAILURE() << server.error;
    return std::nullopt;
  }
  std::uint64_t lines = send_hot_shots_traffic(server.udp_port);
  if (lines == 0) {
    return std::nullopt;
  }
  if (!peers::wait_for_lines(server, lines)) {
    ADD_FAILURE() << (server.etsy ? "etsy statsd" : "opsdeck") << " did not count " << lines << " lines";
    return std::nullopt;
  }
  auto flush = peers::stop_and_take_last_flush(server);
  if (!flush) {
    ADD_FAILURE() << (server.etsy ? "etsy statsd" : "opsdeck") << " printed no final flush";
  }
  return flush;
}

// opsdeck keys tags as "name|#a:b,c:d" (sorted); etsy 0.9.0 as "name;a=b;c=d" (first ':' of a tag -> '=').
std::string etsy_key(const std::string& key) {
  std::size_t tags = key.find("|#");
  if (tags == std::string::npos) {
    return key;
  }
  std::string out = key.substr(0, tags);
  std::string rest = key.substr(tags + 2);
  std::size_t start = 0;
  while (start <= rest.size()) {
    std::size_t comma = rest.find(',', start);
    std::string tag = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (auto colon = tag.find(':'); colon != std::string::npos) {
      tag[colon] = '=';
    }
    out += ";" + tag;
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

TEST(StatsdPeers, HotShotsTrafficFlushesEtsysNumbers) {
  OPSDECK_REQUIRE_NODE_PEERS();
  auto flush = flush_of_hot_shots_traffic(peers::start_opsdeck(3600));
  ASSERT_TRUE(flush);
  const nlohmann::json& json = *flush;
  SCOPED_TRACE(json.dump());
  const double interval = json["interval_seconds"].get<double>();
  ASSERT_DOUBLE_EQ(interval, 3600);

  // Counters with sample rates: 3 x 1 @0.1, 2 x 250 @0.5, a decrement.
  EXPECT_DOUBLE_EQ(json["counters"]["app.hits"]["value"].get<double>(), 30);
  EXPECT_DOUBLE_EQ(json["counters"]["app.hits"]["rate"].get<double>(), 30 / interval);
  EXPECT_DOUBLE_EQ(json["counters"]["app.bytes"]["value"].get<double>(), 1000);
  EXPECT_DOUBLE_EQ(json["counters"]["app.credits"]["value"].get<double>(), -7);

  // The distribution 1..100, sent shuffled: etsy's percentile maths.
  const auto& latency = json["timers"]["app.latency"];
  EXPECT_EQ(latency["type"], "timer");
  EXPECT_DOUBLE_EQ(latency["count"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(latency["sum"].get<double>(), 5050);
  EXPECT_DOUBLE_EQ(latency["mean"].get<double>(), 50.5);
  EXPECT_DOUBLE_EQ(latency["median"].get<double>(), 50.5);
  EXPECT_DOUBLE_EQ(latency["lower"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(latency["upper"].get<double>(), 100);
  EXPECT_NEAR(latency["std"].get<double>(), std::sqrt(833.25), 1e-9);
  EXPECT_DOUBLE_EQ(latency["count_90"].get<double>(), 90);
  EXPECT_DOUBLE_EQ(latency["upper_90"].get<double>(), 90);
  EXPECT_DOUBLE_EQ(latency["sum_90"].get<double>(), 4095);
  EXPECT_DOUBLE_EQ(latency["mean_90"].get<double>(), 45.5);
  EXPECT_DOUBLE_EQ(latency["upper_95"].get<double>(), 95);
  EXPECT_DOUBLE_EQ(latency["mean_95"].get<double>(), 48);
  EXPECT_DOUBLE_EQ(latency["upper_99"].get<double>(), 99);
  EXPECT_DOUBLE_EQ(latency["sum_squares_99"].get<double>(), 328350);
  // A sampled timer: two samples @0.5 count as four; the statistics use the two values.
  const auto& sampled = json["timers"]["app.sampled"];
  EXPECT_DOUBLE_EQ(sampled["count"].get<double>(), 4);
  EXPECT_DOUBLE_EQ(sampled["mean"].get<double>(), 15);
  // hot-shots' histogram (|h) gets the same statistics, marked as a histogram.
  const auto& size = json["timers"]["app.size"];
  EXPECT_EQ(size["type"], "histogram");
  EXPECT_DOUBLE_EQ(size["median"].get<double>(), 5.5);
  EXPECT_DOUBLE_EQ(size["upper_90"].get<double>(), 9);

  // Gauges: 10, +5, -3; a gauge set twice keeps the last value.
  EXPECT_DOUBLE_EQ(json["gauges"]["app.pool"]["value"].get<double>(), 12);
  EXPECT_DOUBLE_EQ(json["gauges"]["app.load"]["value"].get<double>(), 0.5);
  // Sets: ann, bob, ann, cid, bob.
  EXPECT_EQ(json["sets"]["app.users"]["count"].get<int>(), 3);
  // DogStatsD tags are labels and part of the series identity.
  const auto& tagged = json["counters"]["app.tagged|#env:prod,role:db"];
  EXPECT_EQ(tagged["name"], "app.tagged");
  EXPECT_EQ(tagged["labels"], nlohmann::json({"env:prod", "role:db"}));
  EXPECT_DOUBLE_EQ(tagged["value"].get<double>(), 4);
  const auto& query = json["timers"]["app.query|#db:main"];
  EXPECT_EQ(query["labels"], nlohmann::json({"db:main"}));
  EXPECT_DOUBLE_EQ(query["mean"].get<double>(), 10);
  EXPECT_EQ(json["totals"]["bad_lines_seen"].get<int>(), 0);
}

TEST(StatsdPeers, SameFlushAsEtsyStatsd090) {
  OPSDECK_REQUIRE_NODE_PEERS();
  auto ours = flush_of_hot_shots_traffic(peers::start_opsdeck(3600));
  ASSERT_TRUE(ours);
  auto etsy = flush_of_hot_shots_traffic(peers::start_etsy(3600s));
  ASSERT_TRUE(etsy);
  SCOPED_TRACE("opsdeck: " + ours->dump() + "\netsy: " + etsy->dump());
  auto same = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); };

  // etsy 0.9.0 knows no |h and counts a histogram line as a counter: that series is left out.
  const std::set<std::string> not_comparable{"app.size"};
  std::set<std::string> compared;
  auto etsy_keys = [&](const nlohmann::json& object) {
    std::set<std::string> keys;
    for (const auto& [key, value] : object.items()) {
      if (key.rfind("statsd.", 0) != 0 && !not_comparable.contains(key)) {
        keys.insert(key);
      }
    }
    return keys;
  };

  std::set<std::string> our_counters;
  for (const auto& [key, counter] : (*ours)["counters"].items()) {
    std::string theirs = etsy_key(key);
    our_counters.insert(theirs);
    ASSERT_TRUE((*etsy)["counters"].contains(theirs)) << theirs;
    EXPECT_TRUE(same(counter["value"].get<double>(), (*etsy)["counters"][theirs].get<double>())) << key;
    EXPECT_TRUE(same(counter["rate"].get<double>(), (*etsy)["counter_rates"][theirs].get<double>())) << key;
    compared.insert("counter " + key);
  }
  EXPECT_EQ(our_counters, etsy_keys((*etsy)["counters"]));

  std::set<std::string> our_gauges;
  for (const auto& [key, gauge] : (*ours)["gauges"].items()) {
    std::string theirs = etsy_key(key);
    our_gauges.insert(theirs);
    ASSERT_TRUE((*etsy)["gauges"].contains(theirs)) << theirs;
    EXPECT_TRUE(same(gauge["value"].get<double>(), (*etsy)["gauges"][theirs].get<double>())) << key;
    compared.insert("gauge " + key);
  }
  EXPECT_EQ(our_gauges, etsy_keys((*etsy)["gauges"]));

  std::set<std::string> our_timers;
  for (const auto& [key, timer] : (*ours)["timers"].items()) {
    if (timer["type"] == "histogram") {
      continue;
    }
    std::string theirs = etsy_key(key);
    our_timers.insert(theirs);
    ASSERT_TRUE((*etsy)["timer_data"].contains(theirs)) << theirs;
    // Every statistic etsy computes, under etsy's own field names.
    for (const auto& [field, value] : (*etsy)["timer_data"][theirs].items()) {
      ASSERT_TRUE(timer.contains(field)) << key << " has no " << field;
      EXPECT_TRUE(same(timer[field].get<double>(), value.get<double>()))
          << key << " " << field << ": opsdeck " << timer[field] << ", etsy " << value;
    }
    compared.insert("timer " + key);
  }
  EXPECT_EQ(our_timers, etsy_keys((*etsy)["timer_data"]));

  std::set<std::string> our_sets;
  for (const auto& [key, set] : (*ours)["sets"].items()) {
    std::string theirs = etsy_key(key);
    our_sets.insert(theirs);
    ASSERT_TRUE((*etsy)["sets"].contains(theirs)) << theirs;
    EXPECT_EQ(set["count"].get<int>(), (*etsy)["sets"][theirs].get<int>()) << key;
    compared.insert("set " + key);
  }
  EXPECT_EQ(our_sets, etsy_keys((*etsy)["sets"]));
  // counters hits, bytes, credits, tagged; gauges pool, load; timers latency, sampled, query; set users.
  EXPECT_EQ(compared.size(), 10u);
}

}  // namespace
}  // namespace opsdeck
