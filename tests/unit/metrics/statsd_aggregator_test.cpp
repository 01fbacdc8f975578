#include "backend/metrics/statsd_aggregator.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace opsdeck::metrics {
namespace {

using std::chrono::system_clock;

StatsdAggregatorOptions ten_seconds() {
  StatsdAggregatorOptions options;
  options.flush_interval = std::chrono::seconds(10);
  return options;
}

TEST(StatsdAggregator, CountersScaleBySampleRateAndResetEachFlush) {
  StatsdAggregator aggregator(ten_seconds());
  aggregator.add_packet("hits:1|c|@0.1\nhits:2|c\nhits:3|c|@0.5");
  auto flush = aggregator.flush(system_clock::now());
  ASSERT_EQ(flush->counters.size(), 1u);
  // 1/0.1 + 2 + 3/0.5 = 10 + 2 + 6 = 18 over 10 s.
  EXPECT_DOUBLE_EQ(flush->counters[0].value, 18);
  EXPECT_DOUBLE_EQ(flush->counters[0].rate, 1.8);
  auto next = aggregator.flush(system_clock::now());
  ASSERT_EQ(next->counters.size(), 1u);  // etsy keeps the key and reports 0
  EXPECT_DOUBLE_EQ(next->counters[0].value, 0);
}

TEST(StatsdAggregator, GaugesApplyDeltasAndPersistAcrossFlushes) {
  StatsdAggregator aggregator(ten_seconds());
  aggregator.add_packet("queue:+5|g");  // new gauge with a delta starts from 0
  aggregator.add_packet("pool:10|g\npool:+3|g\npool:-1.5|g");
  auto flush = aggregator.flush(system_clock::now());
  ASSERT_EQ(flush->gauges.size(), 2u);
  EXPECT_EQ(flush->gauges[0].series->name(), "pool");
  EXPECT_DOUBLE_EQ(flush->gauges[0].value, 11.5);
  EXPECT_DOUBLE_EQ(flush->gauges[1].value, 5);
  aggregator.add_line("pool:-0.5|g");
  auto next = aggregator.flush(system_clock::now());
  EXPECT_DOUBLE_EQ(next->gauges[0].value, 11);
  EXPECT_DOUBLE_EQ(next->gauges[1].value, 5);
}

TEST(StatsdAggregator, TimersUseEtsyStatisticsAndScaledCount) {
  StatsdAggregator aggregator(ten_seconds());
  for (int value = 1; value <= 10; ++value) {
    aggregator.add_line("db.query:" + std::to_string(value) + "|ms|@0.5");
  }
  auto flush = aggregator.flush(system_clock::now());
  ASSERT_EQ(flush->timers.size(), 1u);
  const TimerStats& stats = flush->timers[0].stats;
  EXPECT_DOUBLE_EQ(stats.count, 20);  // 10 samples at rate 0.5
  EXPECT_DOUBLE_EQ(stats.count_ps, 2);
  EXPECT_DOUBLE_EQ(stats.mean, 5.5);
  ASSERT_EQ(stats.percentiles.size(), 3u);
  EXPECT_DOUBLE_EQ(stats.percentiles[0].bound, 9);
  // An interval without samples emits no timer (etsy skips empty timers).
  EXPECT_TRUE(aggregator.flush(system_clock::now())->timers.empty());
}

TEST(StatsdAggregator, SetsCountUniqueMembers) {
  StatsdAggregator aggregator(ten_seconds());
  aggregator.add_packet("users:alice|s\nusers:bob|s\nusers:alice|s");
  auto flush = aggregator.flush(system_clock::now());
  ASSERT_EQ(flush->sets.size(), 1u);
  EXPECT_EQ(flush->sets[0].count, 2u);
  EXPECT_EQ(aggregator.flush(system_clock::now())->sets[0].count, 0u);
}

TEST(StatsdAggregator, TagsAreSortedLabelsAndPartOfTheSeriesKey) {
  StatsdAggregator aggregator(ten_seconds());
  aggregator.add_packet("hits:1|c|#role:db,env:prod\nhits:2|c|#env:prod,role:db\nhits:4|c");
  auto flush = aggregator.flush(system_clock::now());
  ASSERT_EQ(flush->counters.size(), 2u);
  EXPECT_EQ(flush->counters[0].series->key, "hits");
  EXPECT_DOUBLE_EQ(flush->counters[0].value, 4);
  EXPECT_EQ(flush->counters[1].series->key, "hits|#env:prod,role:db");
  EXPECT_EQ(flush->counters[1].series->labels, (std::vector<std::string>{"env:prod", "role:db"}));
  EXPECT_DOUBLE_EQ(flush->counters[1].value, 3);
}

TEST(StatsdAggregator, SanitizesNamesAsEtsy) {
  EXPECT_EQ(sanitize_statsd_name("my app/requests  total!"), "my_app-requests_total");
  StatsdAggregator aggregator(ten_seconds());
  aggregator.add_line("!!!:1|c");
  auto flush = aggregator.flush(system_clock::now());
  EXPECT_TRUE(flush->counters.empty());
  EXPECT_EQ(flush->totals.bad_lines_seen, 1u);
}

TEST(StatsdAggregator, CountsAndKeepsTheLastBadLines) {
  StatsdAggregatorOptions options = ten_seconds();
  options.bad_lines_kept = 2;
  StatsdAggregator aggregator(options);
  aggregator.add_packet("one|c\nok:1|c\ntwo:1|q\nthree:nan|ms\n");
  aggregator.add_packet(
      std::string("bin\x01"
                  "ary:1|c"));
  auto flush = aggregator.flush(system_clock::now());
  EXPECT_EQ(flush->totals.packets_received, 2u);
  EXPECT_EQ(flush->totals.metrics_received, 5u);
  EXPECT_EQ(flush->totals.bad_lines_seen, 4u);
  ASSERT_EQ(flush->recent_bad_lines.size(), 2u);
  EXPECT_EQ(flush->recent_bad_lines[0].line, "three:nan|ms");
  EXPECT_EQ(flush->recent_bad_lines[0].reason, "value is NaN or infinite");
  EXPECT_EQ(flush->recent_bad_lines[1].line, "bin\\x01ary:1|c");
}

TEST(StatsdAggregator, CapsDistinctSeriesAndCountsWhatItRefused) {
  StatsdAggregatorOptions options = ten_seconds();
  options.max_series = 2;
  StatsdAggregator aggregator(options);
  aggregator.add_packet("a:1|c\nb:1|g\nc:1|c\nd:1|s\na:1|c");
  auto flush = aggregator.flush(system_clock::now());
  EXPECT_EQ(flush->counters.size(), 1u);
  EXPECT_EQ(flush->gauges.size(), 1u);
  EXPECT_TRUE(flush->sets.empty());
  EXPECT_EQ(flush->totals.series_refused, 2u);
  EXPECT_DOUBLE_EQ(flush->counters[0].value, 2);
}

TEST(StatsdAggregator, BoundsTimerSamplesAndSetMembersPerInterval) {
  StatsdAggregatorOptions options = ten_seconds();
  options.max_timer_samples = 3;
  options.max_set_members = 2;
  StatsdAggregator aggregator(options);
  aggregator.add_packet("t:1|ms\nt:2|ms\nt:3|ms\nt:400|ms\ns:a|s\ns:b|s\ns:a|s\ns:c|s");
  auto flush = aggregator.flush(system_clock::now());
  ASSERT_EQ(flush->timers.size(), 1u);
  EXPECT_DOUBLE_EQ(flush->timers[0].stats.count, 4);  // still counted
  EXPECT_DOUBLE_EQ(flush->timers[0].stats.upper, 3);  // but 400 was not kept
  EXPECT_EQ(flush->sets[0].count, 2u);
  EXPECT_EQ(flush->totals.samples_dropped, 2u);
}

TEST(StatsdAggregator, SeriesKeysIgnoreTagOrderAndDuplicates) {
  std::string key;
  std::vector<std::string_view> scratch;
  EXPECT_EQ(write_series_key("a b", "z:1,,a:2,z:1", key, scratch), 3u);
  EXPECT_EQ(key, "a_b|#a:2,z:1");
  StatsdSeriesName series = make_series_name("a b", "z:1,,a:2,z:1");
  EXPECT_EQ(series.key, key);
  EXPECT_EQ(series.name(), "a_b");
  EXPECT_EQ(series.labels, (std::vector<std::string>{"a:2", "z:1"}));
}

TEST(StatsdAggregator, HistoryRingsAreBoundedAndPublished) {
  StatsdAggregatorOptions options = ten_seconds();
  options.history_flushes = 3;
  StatsdAggregator aggregator(options);
  int wakeups = 0;
  aggregator.history().on_publish([&wakeups] { ++wakeups; });
  for (int i = 1; i <= 5; ++i) {
    aggregator.add_line("load:" + std::to_string(i) + "|g");
    aggregator.add_line("lat:" + std::to_string(i) + "|ms");
    (void)aggregator.flush(system_clock::now());
  }
  (void)aggregator.flush(system_clock::now());  // a timer interval without samples
  EXPECT_EQ(wakeups, 6);
  auto history = aggregator.history().latest();
  ASSERT_EQ(history->series.size(), 2u);
  EXPECT_EQ(history->series[0].series->name(), "lat");
  auto latency = history->series[0].points();
  ASSERT_EQ(latency.size(), 3u);
  EXPECT_DOUBLE_EQ(latency[0], 4);
  EXPECT_DOUBLE_EQ(latency[1], 5);
  EXPECT_TRUE(std::isnan(latency[2]));
  EXPECT_EQ(history->series[1].points(), (std::vector<double>{4, 5, 5}));
  EXPECT_EQ(aggregator.latest().latest()->totals.flushes, 6u);
}

TEST(StatsdAggregator, TimerHistoryKeepsThePercentileBand) {
  StatsdAggregatorOptions options = ten_seconds();
  options.percentiles = {95, 50, 90};
  options.history_flushes = 2;
  StatsdAggregator aggregator(options);
  aggregator.add_line("skip:1|ms");
  (void)aggregator.flush(system_clock::now());
  for (int i = 1; i <= 20; ++i) {
    aggregator.add_line("lat:" + std::to_string(i) + "|ms");
  }
  aggregator.add_line("load:3|g");
  (void)aggregator.flush(system_clock::now());
  (void)aggregator.flush(system_clock::now());  // no samples: NaN in all three rings
  auto history = aggregator.history().latest();
  ASSERT_EQ(history->series.size(), 3u);
  const SeriesHistory& lat = history->series[0];
  EXPECT_EQ(lat.series->name(), "lat");
  ASSERT_EQ(lat.points().size(), 2u);
  ASSERT_EQ(lat.low().size(), 2u);
  ASSERT_EQ(lat.high().size(), 2u);
  // 1..20: upper_50 is the 10th value, upper_95 the 19th; the mean is 10.5.
  EXPECT_DOUBLE_EQ(lat.points()[0], 10.5);
  EXPECT_DOUBLE_EQ(lat.low()[0], 10);
  EXPECT_DOUBLE_EQ(lat.high()[0], 19);
  EXPECT_TRUE(std::isnan(lat.points()[1]));
  EXPECT_TRUE(std::isnan(lat.low()[1]));
  EXPECT_TRUE(std::isnan(lat.high()[1]));
  // The first series flushed its one sample, dropped from the two-point ring since.
  const SeriesHistory& skip = history->series[2];
  EXPECT_EQ(skip.series->name(), "skip");
  EXPECT_EQ(skip.low().size(), 2u);
  // Gauges have no band.
  EXPECT_EQ(history->series[1].series->name(), "load");
  EXPECT_TRUE(history->series[1].low().empty());
  EXPECT_TRUE(history->series[1].high().empty());
}

TEST(StatsdAggregator, TimerBandFallsBackToLowerAndUpper) {
  StatsdAggregatorOptions options = ten_seconds();
  options.percentiles = {-10};
  StatsdAggregator aggregator(options);
  aggregator.add_packet("t:4|ms\nt:9|ms\nt:7|ms");
  (void)aggregator.flush(system_clock::now());
  auto history = aggregator.history().latest();
  ASSERT_EQ(history->series.size(), 1u);
  EXPECT_EQ(history->series[0].low(), (std::vector<double>{4}));
  EXPECT_EQ(history->series[0].high(), (std::vector<double>{9}));
}

TEST(StatsdAggregator, RawAndSanitizedSpellingsOfANameShareOneSeries) {
  EXPECT_TRUE(is_sanitized_statsd_name("api.v2_requests-total"));
  EXPECT_FALSE(is_sanitized_statsd_name("api/v2"));
  EXPECT_FALSE(is_sanitized_statsd_name("a b"));
  EXPECT_FALSE(is_sanitized_statsd_name("a!"));
  EXPECT_FALSE(is_sanitized_statsd_name(""));
  StatsdAggregator aggregator(ten_seconds());
  // The first spelling creates "api-v2" through the sanitizer; the plain one is then found as it is sent.
  aggregator.add_packet("api/v2:1|c\napi-v2:2|c\napi v2:4|c\napi-v2:8|c|#env:prod\napi-v2:16|c|#");
  auto flush = aggregator.flush(system_clock::now());
  ASSERT_EQ(flush->counters.size(), 3u);
  EXPECT_EQ(flush->counters[0].series->key, "api-v2");
  EXPECT_DOUBLE_EQ(flush->counters[0].value, 1 + 2 + 16);  // "|#" with no tags is the untagged series
  EXPECT_EQ(flush->counters[1].series->key, "api-v2|#env:prod");
  EXPECT_DOUBLE_EQ(flush->counters[1].value, 8);
  EXPECT_EQ(flush->counters[2].series->key, "api_v2");
  EXPECT_DOUBLE_EQ(flush->counters[2].value, 4);
}

TEST(StatsdAggregator, DeletesSeriesByKey) {
  StatsdAggregator aggregator(ten_seconds());
  aggregator.add_packet("a:1|c\nb:1|g");
  EXPECT_TRUE(aggregator.delete_series(StatsdType::kCounter, "a"));
  EXPECT_FALSE(aggregator.delete_series(StatsdType::kCounter, "b"));
  EXPECT_TRUE(aggregator.counter_values().empty());
  EXPECT_EQ(aggregator.gauge_values().size(), 1u);
}

}  // namespace
}  // namespace opsdeck::metrics
