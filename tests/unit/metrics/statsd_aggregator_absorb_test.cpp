// StatsdAggregator::absorb: what receive threads collected in worker aggregators, merged into the server's,
// must give the flush one aggregator would have given for the same lines.
#include <gtest/gtest.h>

#include "backend/metrics/statsd_aggregator.hpp"

namespace opsdeck::metrics {
namespace {

using std::chrono::system_clock;

StatsdAggregatorOptions ten_seconds() {
  StatsdAggregatorOptions options;
  options.flush_interval = std::chrono::seconds(10);
  return options;
}

TEST(StatsdAggregatorAbsorb, CountersAddUpAcrossWorkersAndWorkersStartEmpty) {
  StatsdAggregator server(ten_seconds());
  StatsdAggregator a(ten_seconds());
  StatsdAggregator b(ten_seconds());
  server.add_line("hits:1|c");
  a.add_packet("hits:2|c|@0.5\nmisses:3|c");
  b.add_packet("hits:5|c\nbroken line");
  server.absorb(a);
  server.absorb(b);
  EXPECT_EQ(a.series_count(), 0u);
  EXPECT_EQ(a.totals().metrics_received, 0u);
  server.absorb(a);  // absorbing an emptied worker again adds nothing
  auto flush = server.flush(system_clock::now());
  ASSERT_EQ(flush->counters.size(), 2u);
  EXPECT_EQ(flush->counters[0].series->key, "hits");
  EXPECT_DOUBLE_EQ(flush->counters[0].value, 1 + 4 + 5);
  EXPECT_DOUBLE_EQ(flush->counters[1].value, 3);
  EXPECT_EQ(flush->totals.packets_received, 2u);  // add_line counts no packet
  EXPECT_EQ(flush->totals.metrics_received, 5u);
  EXPECT_EQ(flush->totals.bad_lines_seen, 1u);
  ASSERT_EQ(flush->recent_bad_lines.size(), 1u);
  EXPECT_EQ(flush->recent_bad_lines[0].line, "broken line");
}

TEST(StatsdAggregatorAbsorb, TimersGiveThePercentilesOfAllSamples) {
  StatsdAggregator single(ten_seconds());
  StatsdAggregator server(ten_seconds());
  StatsdAggregator a(ten_seconds());
  StatsdAggregator b(ten_seconds());
  for (int value = 1; value <= 100; ++value) {
    std::string line = "db.query:" + std::to_string(value) + "|ms" + (value % 3 == 0 ? "|@0.5" : "");
    single.add_line(line);
    (value % 2 == 0 ? a : b).add_line(line);
  }
  server.absorb(a);
  server.absorb(b);
  auto merged = server.flush(system_clock::now());
  auto expected = single.flush(system_clock::now());
  ASSERT_EQ(merged->timers.size(), 1u);
  const TimerStats& got = merged->timers[0].stats;
  const TimerStats& want = expected->timers[0].stats;
  EXPECT_DOUBLE_EQ(got.count, want.count);  // 67 at rate 1 + 33 at rate 0.5 = 133
  EXPECT_DOUBLE_EQ(got.count, 133);
  EXPECT_DOUBLE_EQ(got.mean, 50.5);
  EXPECT_DOUBLE_EQ(got.median, want.median);
  EXPECT_DOUBLE_EQ(got.stddev, want.stddev);
  ASSERT_EQ(got.percentiles.size(), 3u);
  for (std::size_t i = 0; i < got.percentiles.size(); ++i) {
    EXPECT_DOUBLE_EQ(got.percentiles[i].bound, want.percentiles[i].bound);
    EXPECT_DOUBLE_EQ(got.percentiles[i].mean, want.percentiles[i].mean);
  }
  EXPECT_DOUBLE_EQ(got.percentiles[0].bound, 90);
}

TEST(StatsdAggregatorAbsorb, GaugesApplyEachWorkersValuesAndDeltasInOrder) {
  StatsdAggregator server(ten_seconds());
  server.add_packet("pool:10|g\nqueue:4|g");
  StatsdAggregator deltas(ten_seconds());
  deltas.add_packet("pool:+3|g\npool:-1|g\nfresh:+2|g");  // deltas only: added to the server's value
  server.absorb(deltas);
  StatsdAggregator reset(ten_seconds());
  reset.add_packet("queue:+100|g\nqueue:7|g\nqueue:+1|g");  // an absolute value, then a delta after it
  server.absorb(reset);
  auto flush = server.flush(system_clock::now());
  ASSERT_EQ(flush->gauges.size(), 3u);
  EXPECT_EQ(flush->gauges[0].series->key, "fresh");
  EXPECT_DOUBLE_EQ(flush->gauges[0].value, 2);  // a new gauge starts from 0, as etsy
  EXPECT_DOUBLE_EQ(flush->gauges[1].value, 12);
  EXPECT_DOUBLE_EQ(flush->gauges[2].value, 8);  // the delta before the absolute value is overwritten

  // Gauges persist in the server; a worker's next interval starts from nothing.
  reset.add_line("queue:-3|g");
  server.absorb(reset);
  auto next = server.flush(system_clock::now());
  EXPECT_DOUBLE_EQ(next->gauges[1].value, 12);
  EXPECT_DOUBLE_EQ(next->gauges[2].value, 5);
}

TEST(StatsdAggregatorAbsorb, SetsAreTheUnionOfMembers) {
  StatsdAggregator server(ten_seconds());
  StatsdAggregator a(ten_seconds());
  StatsdAggregator b(ten_seconds());
  server.add_packet("users:ann|s\nusers:bob|s");
  a.add_packet("users:bob|s\nusers:cy|s");
  b.add_packet("users:cy|s\nusers:dee|s\nusers:dee|s|#env:prod");
  server.absorb(a);
  server.absorb(b);
  auto flush = server.flush(system_clock::now());
  ASSERT_EQ(flush->sets.size(), 2u);
  EXPECT_EQ(flush->sets[0].series->key, "users");
  EXPECT_EQ(flush->sets[0].count, 4u);
  EXPECT_EQ(flush->sets[1].series->key, "users|#env:prod");
  ASSERT_EQ(flush->sets[1].series->labels.size(), 1u);
  EXPECT_EQ(flush->sets[1].series->labels[0], "env:prod");
  EXPECT_EQ(flush->sets[1].count, 1u);
}

TEST(StatsdAggregatorAbsorb, TheServersCapsHoldForAbsorbedSeriesAndSamples) {
  StatsdAggregatorOptions options = ten_seconds();
  options.max_series = 2;
  options.max_timer_samples = 3;
  StatsdAggregator server(options);
  StatsdAggregator worker(ten_seconds());
  server.add_packet("t:1|ms\nt:2|ms");
  worker.add_packet("t:3|ms\nt:4|ms\nt:5|ms\nother:1|c\nthird:1|g");
  server.absorb(worker);
  auto flush = server.flush(system_clock::now());
  EXPECT_EQ(server.series_count(), 2u);
  EXPECT_EQ(flush->totals.series_refused, 1u);
  EXPECT_EQ(flush->totals.samples_dropped, 2u);
  ASSERT_EQ(flush->timers.size(), 1u);
  EXPECT_DOUBLE_EQ(flush->timers[0].stats.count, 5);  // dropped samples still count, as in one aggregator
  EXPECT_DOUBLE_EQ(flush->timers[0].stats.upper, 3);
}

}  // namespace
}  // namespace opsdeck::metrics
