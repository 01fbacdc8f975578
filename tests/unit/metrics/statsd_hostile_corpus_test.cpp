// Every line of the hostile corpus files (tests/fuzz/corpus/statsd_line/bad*.statsd) is refused and counted:
// nothing reaches a series, nothing non-finite reaches a flush. Files larger than the server's receive
// buffer are a packet-level case, tested against the running server (tests/integration/metrics).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "backend/metrics/statsd_aggregator.hpp"
#include "tests/support/source_tree.hpp"

namespace opsdeck::metrics {
namespace {

constexpr std::size_t kServerPacketBytes = 8192;

std::filesystem::path corpus_dir() {
  return opsdeck::testing::source_dir() / "tests" / "fuzz" / "corpus" / "statsd_line";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::size_t non_empty_lines(std::string_view packet) {
  std::size_t lines = 0;
  StatsdLineParser().parse_packet(packet, [&lines](std::string_view, const StatsdLineResult&) { ++lines; });
  return lines;
}

TEST(StatsdHostileCorpus, EveryBadLineIsRefusedAndCounted) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus_dir())) {
    std::string name = entry.path().filename().string();
    std::string packet = read_file(entry.path());
    if (name.rfind("bad", 0) != 0 || packet.size() > kServerPacketBytes) {
      continue;
    }
    SCOPED_TRACE(name);
    ++files;
    StatsdAggregator aggregator;
    aggregator.add_packet(packet);
    std::size_t lines = non_empty_lines(packet);
    EXPECT_GT(lines, 0u);
    EXPECT_EQ(aggregator.totals().metrics_received, lines);
    EXPECT_EQ(aggregator.totals().bad_lines_seen, lines);
    EXPECT_EQ(aggregator.series_count(), 0u);
    auto flush = aggregator.flush(std::chrono::system_clock::now());
    EXPECT_TRUE(flush->counters.empty() && flush->gauges.empty() && flush->timers.empty() &&
                flush->sets.empty());
    // The console shows the last few with a reason.
    ASSERT_FALSE(flush->recent_bad_lines.empty());
    EXPECT_FALSE(flush->recent_bad_lines.back().reason.empty());
  }
  EXPECT_GE(files, 10u);
}

TEST(StatsdHostileCorpus, LargestAcceptedValuesKeepFlushesFinite) {
  StatsdAggregator aggregator;
  // At the bound, repeated: sums, sums of squares and gauge deltas stay finite.
  for (int i = 0; i < 1000; ++i) {
    aggregator.add_packet("c:1e100|c\nt:1e100|ms\ng:+1e100|g\nr:1|c|@1e-100\nn:-1e100|c");
  }
  auto flush = aggregator.flush(std::chrono::system_clock::now());
  EXPECT_EQ(aggregator.totals().bad_lines_seen, 0u);
  ASSERT_EQ(flush->counters.size(), 3u);
  for (const auto& counter : flush->counters) {
    EXPECT_TRUE(std::isfinite(counter.value) && std::isfinite(counter.rate)) << counter.series->key;
  }
  ASSERT_EQ(flush->timers.size(), 1u);
  const TimerStats& stats = flush->timers[0].stats;
  EXPECT_TRUE(std::isfinite(stats.sum) && std::isfinite(stats.sum_squares) && std::isfinite(stats.stddev));
  ASSERT_EQ(flush->gauges.size(), 1u);
  EXPECT_NEAR(flush->gauges[0].value, 1e103, 1e90);
}

}  // namespace
}  // namespace opsdeck::metrics
