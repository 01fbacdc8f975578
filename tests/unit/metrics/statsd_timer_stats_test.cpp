// Expected numbers are worked by hand from etsy statsd's lib/process_metrics.js.
#include "backend/metrics/statsd_timer_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace opsdeck::metrics {
namespace {

TEST(StatsdTimerStats, OneToTenAsEtsyComputesIt) {
  std::vector<double> values = {7, 3, 10, 1, 5, 9, 2, 8, 6, 4};
  TimerStats stats = compute_timer_stats(values, 10, 10, {90, 95, 99});
  EXPECT_DOUBLE_EQ(stats.count, 10);
  EXPECT_DOUBLE_EQ(stats.count_ps, 1);
  EXPECT_DOUBLE_EQ(stats.sum, 55);
  EXPECT_DOUBLE_EQ(stats.sum_squares, 385);
  EXPECT_DOUBLE_EQ(stats.mean, 5.5);
  EXPECT_DOUBLE_EQ(stats.median, 5.5);
  EXPECT_DOUBLE_EQ(stats.lower, 1);
  EXPECT_DOUBLE_EQ(stats.upper, 10);
  EXPECT_DOUBLE_EQ(stats.stddev, std::sqrt(8.25));
  ASSERT_EQ(stats.percentiles.size(), 3u);
  // 90: round(9) = 9 values -> 1..9.
  EXPECT_DOUBLE_EQ(stats.percentiles[0].count, 9);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].bound, 9);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].sum, 45);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].mean, 5);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].sum_squares, 285);
  // 95: round(9.5) = 10 (JavaScript rounds halves up) -> everything.
  EXPECT_DOUBLE_EQ(stats.percentiles[1].count, 10);
  EXPECT_DOUBLE_EQ(stats.percentiles[1].bound, 10);
  EXPECT_DOUBLE_EQ(stats.percentiles[1].mean, 5.5);
  // 99: round(9.9) = 10.
  EXPECT_DOUBLE_EQ(stats.percentiles[2].sum, 55);
}

TEST(StatsdTimerStats, EtsyTestSuiteThreeTimers) {
  // etsy's process_metrics_tests "timers_multiple_times": [100, 200, 300], flush interval 100 ms.
  std::vector<double> values = {100, 200, 300};
  TimerStats stats = compute_timer_stats(values, 3, 0.1, {90});
  EXPECT_DOUBLE_EQ(stats.stddev, 81.64965809277261);
  EXPECT_DOUBLE_EQ(stats.mean, 200);
  EXPECT_DOUBLE_EQ(stats.sum, 600);
  EXPECT_DOUBLE_EQ(stats.count_ps, 30);
  EXPECT_DOUBLE_EQ(stats.median, 200);
  ASSERT_EQ(stats.percentiles.size(), 1u);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].mean, 200);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].bound, 300);
}

TEST(StatsdTimerStats, SingleSampleFillsEveryPercentile) {
  std::vector<double> values = {100};
  TimerStats stats = compute_timer_stats(values, 1, 10, {90, 95});
  ASSERT_EQ(stats.percentiles.size(), 2u);
  for (const auto& pct : stats.percentiles) {
    EXPECT_DOUBLE_EQ(pct.count, 1);
    EXPECT_DOUBLE_EQ(pct.mean, 100);
    EXPECT_DOUBLE_EQ(pct.bound, 100);
    EXPECT_DOUBLE_EQ(pct.sum, 100);
  }
  EXPECT_DOUBLE_EQ(stats.stddev, 0);
  EXPECT_DOUBLE_EQ(stats.median, 100);
}

TEST(StatsdTimerStats, SkipsAPercentileThatHoldsNoValueAndHandlesNegative) {
  std::vector<double> values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  TimerStats stats = compute_timer_stats(values, 10, 10, {1, -20});
  // 1 %: round(0.1) = 0 -> skipped, as etsy does. -20: the top two values.
  ASSERT_EQ(stats.percentiles.size(), 1u);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].percentile, -20);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].count, 2);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].bound, 9);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].sum, 19);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].mean, 9.5);
}

TEST(StatsdTimerStats, PercentileSuffixesMatchEtsyNames) {
  EXPECT_EQ(percentile_suffix(90), "90");
  EXPECT_EQ(percentile_suffix(99.9), "99_9");
  EXPECT_EQ(percentile_suffix(-10), "top10");
}

}  // namespace
}  // namespace opsdeck::metrics
