// The column store behind the statsd history: bounded by ring size and byte budget, columns shared between
// published snapshots (nothing copied per series), reused slots hiding the old series' points, timer bands.
#include "backend/metrics/statsd_history.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "backend/metrics/statsd_aggregator.hpp"

namespace opsdeck::metrics {
namespace {

using std::chrono::system_clock;

TEST(StatsdHistory, ByteBudgetBoundsTheColumnsKept) {
  // 1,000 single-slot series: 4,000 bytes a column; a 40,000-byte budget keeps 10 of the 360.
  StatsdHistoryStore store(360, 40'000);
  for (int i = 0; i < 1000; ++i) {
    store.allocate(StatsdType::kCounter);
  }
  EXPECT_EQ(store.capacity(), 10u);
  std::shared_ptr<const StatsdHistoryColumns> columns;
  for (std::uint64_t flush = 1; flush <= 25; ++flush) {
    store.begin_column(flush);
    store.set(7, static_cast<double>(flush));
    columns = store.end_column();
  }
  ASSERT_EQ(columns->size(), 10u);
  EXPECT_EQ(columns->front()->flush, 16u);
  EXPECT_EQ(columns->back()->values[7], 25.0f);
  EXPECT_TRUE(std::isnan(columns->back()->values[8]));
}

TEST(StatsdHistory, SnapshotsShareColumnsAndSeriesKeepTheirOwnPoints) {
  StatsdAggregatorOptions options;
  options.history_flushes = 4;
  StatsdAggregator aggregator(options);
  std::string timer_samples;
  for (int v = 1; v <= 100; ++v) {
    timer_samples += "t:" + std::to_string(v) + "|ms\n";
  }
  aggregator.add_packet("a:1|g\n" + timer_samples);
  (void)aggregator.flush(system_clock::now());
  auto first = aggregator.history().latest();
  aggregator.add_packet("a:2|g");
  (void)aggregator.flush(system_clock::now());
  auto second = aggregator.history().latest();
  // The first flush's column is the same object in both snapshots: publishing copied no points.
  ASSERT_EQ(second->series.size(), 2u);
  EXPECT_EQ(first->series[0].columns->at(0).get(), second->series[0].columns->at(0).get());
  EXPECT_EQ(first->series[0].points(), (std::vector<double>{1}));  // an old snapshot stays as it was
  EXPECT_EQ(second->series[0].points(), (std::vector<double>{1, 2}));
  // The timer 1..100: mean, and its band from the lowest to the highest percentile's bound (p90 to p99).
  const SeriesHistory& timer = second->series[1];
  ASSERT_EQ(timer.points().size(), 2u);
  EXPECT_DOUBLE_EQ(timer.points()[0], 50.5);
  EXPECT_DOUBLE_EQ(timer.low()[0], 90);
  EXPECT_DOUBLE_EQ(timer.high()[0], 99);
  EXPECT_TRUE(std::isnan(timer.points()[1]) && std::isnan(timer.low()[1]) && std::isnan(timer.high()[1]));
  EXPECT_TRUE(second->series[0].low().empty());

  // A deleted gauge's slot goes to the next new series, which must not inherit its points.
  ASSERT_TRUE(aggregator.delete_series(StatsdType::kGauge, "a"));
  aggregator.add_packet("b:7|g");
  (void)aggregator.flush(system_clock::now());
  auto third = aggregator.history().latest();
  ASSERT_EQ(third->series.size(), 2u);
  EXPECT_EQ(third->series[0].series->key, "b");
  EXPECT_EQ(third->series[0].slot, second->series[0].slot);
  EXPECT_EQ(third->series[0].points(), (std::vector<double>{7}));
}

TEST(StatsdHistory, ManySeriesStayWithinTheBudget) {
  StatsdAggregatorOptions options;
  options.history_budget_bytes = 1 << 20;
  StatsdAggregator aggregator(options);
  for (int i = 0; i < 100'000; ++i) {
    aggregator.add_line("s" + std::to_string(i) + ":1|c");
  }
  for (int i = 0; i < 12; ++i) {
    (void)aggregator.flush(system_clock::now());
  }
  auto history = aggregator.history().latest();
  ASSERT_EQ(history->series.size(), 100'000u);
  // 400,000 bytes a column: two columns fit in 1 MiB.
  EXPECT_EQ(history->series[0].columns->size(), 2u);
  EXPECT_EQ(history->series[0].points(), (std::vector<double>{0, 0}));
}

}  // namespace
}  // namespace opsdeck::metrics
