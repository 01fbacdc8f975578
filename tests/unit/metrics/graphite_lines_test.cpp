// Graphite plaintext for a known flush: the exact lines etsy statsd's graphite backend (legacy namespace)
// writes for the same values, and JavaScript's number formatting.
#include "backend/metrics/graphite_lines.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "backend/metrics/statsd_aggregator.hpp"
#include "backend/metrics/statsd_timer_stats.hpp"

namespace opsdeck::metrics {
namespace {

StatsdSeriesRef series_ref(std::string_view name, std::string_view tags) {
  return std::make_shared<const StatsdSeriesName>(make_series_name(name, tags));
}

StatsdFlush known_flush() {
  StatsdFlush flush;
  flush.at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'400));
  flush.interval_seconds = 10;
  flush.counters.push_back(CounterValue{series_ref("api.hits", ""), 15, 1.5});
  flush.counters.push_back(CounterValue{series_ref("api.tagged", "env:prod,canary"), 4, 0.4});
  std::vector<double> values{4, 2, 3, 1};
  flush.timers.push_back(TimerValue{series_ref("lat", ""), false, compute_timer_stats(values, 4, 10, {90})});
  flush.gauges.push_back(GaugeValue{series_ref("load", ""), 0.25});
  flush.sets.push_back(SetValue{series_ref("users", ""), 3});
  return flush;
}

TEST(GraphiteLines, EtsyLegacyLayoutForEveryType) {
  const std::string ts = " 1700000000\n";
  std::string expected =
      "stats.api.hits 1.5" + ts + "stats_counts.api.hits 15" + ts +
      "stats.api.tagged;canary=true;env=prod 0.4" + ts + "stats_counts.api.tagged;canary=true;env=prod 4" +
      ts + "stats.timers.lat.count_90 4" + ts + "stats.timers.lat.mean_90 2.5" + ts +
      "stats.timers.lat.upper_90 4" + ts + "stats.timers.lat.sum_90 10" + ts +
      "stats.timers.lat.sum_squares_90 30" + ts + "stats.timers.lat.std 1.118033988749895" + ts +
      "stats.timers.lat.upper 4" + ts + "stats.timers.lat.lower 1" + ts + "stats.timers.lat.count 4" + ts +
      "stats.timers.lat.count_ps 0.4" + ts + "stats.timers.lat.sum 10" + ts +
      "stats.timers.lat.sum_squares 30" + ts + "stats.timers.lat.mean 2.5" + ts +
      "stats.timers.lat.median 2.5" + ts + "stats.gauges.load 0.25" + ts + "stats.sets.users.count 3" + ts +
      "statsd.numStats 5" + ts;
  EXPECT_EQ(graphite_lines(known_flush(), ""), expected);
}

TEST(GraphiteLines, PrefixGoesBeforeEveryPath) {
  StatsdFlush flush;
  flush.at = std::chrono::system_clock::time_point(std::chrono::seconds(100));
  flush.gauges.push_back(GaugeValue{series_ref("g", ""), -3});
  EXPECT_EQ(graphite_lines(flush, "ops"), "ops.stats.gauges.g -3 100\nops.statsd.numStats 1 100\n");
}

TEST(GraphiteLines, LowerBoundForNegativePercentiles) {
  StatsdFlush flush;
  std::vector<double> values{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  flush.timers.push_back(TimerValue{series_ref("t", ""), false, compute_timer_stats(values, 10, 10, {-20})});
  std::string text = graphite_lines(flush, "");
  EXPECT_NE(text.find("stats.timers.t.count_top20 2 "), std::string::npos) << text;
  EXPECT_NE(text.find("stats.timers.t.lower_top20 9 "), std::string::npos) << text;
  EXPECT_NE(text.find("stats.timers.t.sum_top20 19 "), std::string::npos) << text;
}

TEST(GraphiteLines, NumbersAreWrittenAsJavascriptDoes) {
  EXPECT_EQ(javascript_number(15), "15");
  EXPECT_EQ(javascript_number(-2.5), "-2.5");
  EXPECT_EQ(javascript_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(javascript_number(123456789012), "123456789012");
  EXPECT_EQ(javascript_number(1e21), "1e+21");
  EXPECT_EQ(javascript_number(1.5e22), "1.5e+22");
  EXPECT_EQ(javascript_number(0.000001), "0.000001");
  EXPECT_EQ(javascript_number(1e-7), "1e-7");
  EXPECT_EQ(javascript_number(-0.0), "0");
  EXPECT_EQ(javascript_number(std::nan("")), "NaN");
}

}  // namespace
}  // namespace opsdeck::metrics
