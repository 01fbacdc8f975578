// The column store behind the statsd history: bounded by ring size and byte budget, columns shared between
// published snapshots (nothing copied per series), reused slots hiding the old series' points, timer bands.
#include "backend/metrics/statsd_history.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "backend/metrics/statsd_aggregator.hpp"

namespace opsdeck::metrics {
namespace {

using std::chrono::system_clock;

// Points of slot `slot` over `columns` as a series created at flush 1 reads them.
std::vector<double> points_of(const std::shared_ptr<const StatsdHistoryColumns>& columns, std::uint32_t slot,
                              std::uint64_t first_flush = 1) {
  SeriesHistory history;
  history.type = StatsdType::kCounter;
  history.slot = slot;
  history.first_flush = first_flush;
  history.columns = columns;
  return history.points();
}

TEST(StatsdHistory, ByteBudgetBoundsTheColumnsKeptWhenEverySlotChanges) {
  // 1,000 single-slot series that all change every flush: every column is complete (4,000 bytes, smaller
  // than 1,000 changes at 8 bytes), so a 40,000-byte budget keeps 10 of the 360.
  StatsdHistoryStore store(360, 40'000);
  for (int i = 0; i < 1000; ++i) {
    store.allocate(StatsdType::kCounter);
  }
  std::shared_ptr<const StatsdHistoryColumns> columns;
  for (std::uint64_t flush = 1; flush <= 25; ++flush) {
    store.begin_column(flush);
    for (std::uint32_t slot = 0; slot < 1000; ++slot) {
      store.set(slot, static_cast<double>(flush * 1000 + slot));
    }
    columns = store.end_column();
  }
  ASSERT_EQ(columns->size(), 10u);
  EXPECT_EQ(columns->front()->flush, 16u);
  EXPECT_TRUE(columns->back()->complete);
  EXPECT_EQ(store.bytes(), 40'000u);
  EXPECT_EQ(points_of(columns, 7),
            (std::vector<double>{16007, 17007, 18007, 19007, 20007, 21007, 22007, 23007, 24007, 25007}));
}

TEST(StatsdHistory, ColumnsAfterTheFirstKeepOnlyTheSlotsThatChanged) {
  // 1,000 slots of which two change: after the complete first column each flush costs 16 bytes.
  StatsdHistoryStore store(360, 40'000);
  for (int i = 0; i < 1000; ++i) {
    store.allocate(StatsdType::kCounter);
  }
  std::shared_ptr<const StatsdHistoryColumns> columns;
  for (std::uint64_t flush = 1; flush <= 300; ++flush) {
    store.begin_column(flush);
    for (std::uint32_t slot = 0; slot < 1000; ++slot) {
      if (slot == 3 || slot == 9) {
        store.set(slot, static_cast<double>(flush));
      } else if (slot != 5 || flush > 2) {  // slot 5 has no value at flushes 1 and 2 (NaN), then 42
        store.set(slot, slot == 5 ? 42 : 0);
      }
    }
    columns = store.end_column();
  }
  ASSERT_EQ(columns->size(), 300u);  // all of them: 4,000 + 16 x 298 + 24 = 8,792 bytes
  EXPECT_TRUE(columns->front()->complete);
  EXPECT_FALSE(columns->back()->complete);
  EXPECT_EQ(columns->back()->slots, (std::vector<std::uint32_t>{3, 9}));
  EXPECT_EQ(store.bytes(), 4000u + 2 * 8 * 299 + 8);
  std::vector<double> three = points_of(columns, 3);
  ASSERT_EQ(three.size(), 300u);
  EXPECT_EQ(three.front(), 1);
  EXPECT_EQ(three.back(), 300);
  std::vector<double> five = points_of(columns, 5);
  EXPECT_TRUE(std::isnan(five[0]) && std::isnan(five[1]));
  EXPECT_EQ(five[2], 42);
  EXPECT_EQ(five.back(), 42);  // unchanged since flush 3: carried from the column that last held it
  EXPECT_EQ(points_of(columns, 0), std::vector<double>(300, 0.0));
  EXPECT_EQ(points_of(columns, 5, 299), (std::vector<double>{42, 42}));  // a series created at flush 299
}

TEST(StatsdHistory, TrimmingTheOldestColumnCompletesTheNextOne) {
  // Ring of 3: when flush 1 (complete) goes, flush 2's change-only column is rebuilt complete, so slots
  // that did not change at flush 2 keep their values.
  StatsdHistoryStore store(3, 1 << 20);
  for (int i = 0; i < 100; ++i) {
    store.allocate(StatsdType::kCounter);
  }
  std::shared_ptr<const StatsdHistoryColumns> columns;
  for (std::uint64_t flush = 1; flush <= 5; ++flush) {
    store.begin_column(flush);
    for (std::uint32_t slot = 0; slot < 100; ++slot) {
      store.set(slot, slot == 1 ? static_cast<double>(flush) : 7.0);
    }
    columns = store.end_column();
  }
  ASSERT_EQ(columns->size(), 3u);
  EXPECT_EQ(columns->front()->flush, 3u);
  EXPECT_TRUE(columns->front()->complete);
  EXPECT_FALSE(columns->at(1)->complete);
  EXPECT_EQ(points_of(columns, 1), (std::vector<double>{3, 4, 5}));
  EXPECT_EQ(points_of(columns, 50), (std::vector<double>{7, 7, 7}));
  EXPECT_EQ(store.bytes(), 400u + 8 + 8);
  float value = 0;
  EXPECT_FALSE(columns->back()->find(50, value));
  ASSERT_TRUE(columns->back()->find(1, value));
  EXPECT_EQ(value, 5.0f);
}

TEST(StatsdHistory, OneHourOfSparseTrafficFromManySeriesFitsTheDefaultBudget) {
  // 100,000 series whose values all persist, of which 100 change in each flush: the whole ring of 360
  // flushes (an hour at 10 s) stays within the aggregator's default 8 MiB.
  const StatsdAggregatorOptions defaults;
  StatsdHistoryStore store(defaults.history_flushes, defaults.history_budget_bytes);
  constexpr std::uint32_t kSeries = 100'000;
  for (std::uint32_t i = 0; i < kSeries; ++i) {
    store.allocate(StatsdType::kGauge);
  }
  std::vector<float> values(kSeries, 1.0f);
  std::shared_ptr<const StatsdHistoryColumns> columns;
  for (std::uint32_t flush = 1; flush <= 400; ++flush) {
    for (std::uint32_t i = 0; i < 100; ++i) {
      values[(flush * 100 + i) % kSeries] = static_cast<float>(flush);
    }
    store.begin_column(flush);
    for (std::uint32_t slot = 0; slot < kSeries; ++slot) {
      store.set(slot, values[slot]);
    }
    columns = store.end_column();
  }
  ASSERT_EQ(columns->size(), 360u);
  EXPECT_LE(store.bytes(), defaults.history_budget_bytes);
  EXPECT_EQ(store.bytes(), kSeries * 4 + 359 * 100 * 8);
  // Slot 40,050 changed to 400 at the last flush; slot 40,000 at flush 400 too; slot 39,999 at flush 399.
  std::vector<double> late = points_of(columns, 39'999);
  ASSERT_EQ(late.size(), 360u);
  EXPECT_EQ(late.back(), 399);
  EXPECT_EQ(late[357], 1);
  EXPECT_EQ(late[358], 399);
  EXPECT_EQ(points_of(columns, 200), std::vector<double>(360, 2.0));  // set at flush 2, then unchanged
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
  (void)aggregator.flush(system_clock::now());
  // Every counter's rate changes in each of three flushes: complete columns of 400,000 bytes, two fit in
  // 1 MiB.
  for (int i = 0; i < 100'000; ++i) {
    aggregator.add_line("s" + std::to_string(i) + ":" + std::to_string(2 + i % 2) + "|c");
  }
  (void)aggregator.flush(system_clock::now());
  for (int i = 0; i < 100'000; ++i) {
    aggregator.add_line("s" + std::to_string(i) + ":5|c");
  }
  (void)aggregator.flush(system_clock::now());
  auto history = aggregator.history().latest();
  ASSERT_EQ(history->series.size(), 100'000u);
  EXPECT_EQ(history->series[0].columns->size(), 2u);
  EXPECT_EQ(history->series[0].points(), (std::vector<double>{0.2f, 0.5}));
  // Then the counters stay idle: the first idle flush changes every rate to 0 (complete, the 0.2 column
  // goes), the nine after it change nothing (empty change-only columns) and are all kept.
  for (int i = 0; i < 10; ++i) {
    (void)aggregator.flush(system_clock::now());
  }
  history = aggregator.history().latest();
  EXPECT_EQ(history->series[0].columns->size(), 11u);
  std::vector<double> expected{0.5};
  expected.resize(11, 0.0);
  EXPECT_EQ(history->series[0].points(), expected);
}

}  // namespace
}  // namespace opsdeck::metrics
