// What the statsd aggregator publishes: one immutable StatsdFlush per interval (the latest values) and a
// StatsdHistory of per-series ring buffers (one point per flush) that the Metrics view draws as graphs.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "backend/metrics/statsd_history.hpp"
#include "backend/metrics/statsd_line_parser.hpp"
#include "backend/metrics/statsd_timer_stats.hpp"

namespace opsdeck::metrics {

struct StatsdSeriesName {
  std::string key;                  // name, then "|#" and the sorted tags when there are any
  std::vector<std::string> labels;  // DogStatsD tags, sorted ("env:prod", "role:db")
  std::size_t name_length = 0;      // of the name at the start of `key`
  // Sanitized as etsy does: the start of the key, not a second copy of it (100,000 series' names would
  // cost megabytes).
  std::string_view name() const { return std::string_view(key).substr(0, name_length); }
};
// A series' name is made once, when the series appears, and shared by every flush and history snapshot
// that mentions it: with 100,000 series, copying the names into each snapshot would cost more than the
// values.
using StatsdSeriesRef = std::shared_ptr<const StatsdSeriesName>;

struct CounterValue {
  StatsdSeriesRef series;
  double value = 0;  // sum of value / sample rate this interval
  double rate = 0;   // value per second of flush interval
};
struct GaugeValue {
  StatsdSeriesRef series;
  double value = 0;
};
struct SetValue {
  StatsdSeriesRef series;
  std::uint64_t count = 0;  // distinct members this interval
};
struct TimerValue {
  StatsdSeriesRef series;
  bool histogram = false;  // sent as |h rather than |ms; same maths
  TimerStats stats;
};

struct BadLine {
  std::string line;  // printable, truncated; other bytes shown as \xNN
  std::string reason;
};

struct StatsdTotals {
  std::uint64_t packets_received = 0;
  std::uint64_t metrics_received = 0;  // every non-empty line, good or bad (as etsy counts it)
  std::uint64_t bad_lines_seen = 0;
  std::uint64_t series_refused = 0;   // metrics dropped because the distinct-series cap was reached
  std::uint64_t samples_dropped = 0;  // timer values / set members past the per-interval caps
  std::uint64_t flushes = 0;
};

struct StatsdFlush {
  std::chrono::system_clock::time_point at{};
  double interval_seconds = 0;
  std::vector<CounterValue> counters;
  std::vector<GaugeValue> gauges;
  std::vector<TimerValue> timers;  // only timers that received samples this interval (as etsy)
  std::vector<SetValue> sets;
  StatsdTotals totals;
  std::vector<BadLine> recent_bad_lines;  // oldest first
};

struct SeriesHistory {
  StatsdType type = StatsdType::kCounter;
  StatsdSeriesRef series;
  // Where its points live in the shared column store (statsd_history.hpp): the first slot (a timer's band
  // takes the next two), and the first flush that belongs to this series (a reused slot hides older ones).
  std::uint32_t slot = 0;
  std::uint64_t first_flush = 0;
  std::shared_ptr<const StatsdHistoryColumns> columns;

  // Oldest first, one per flush kept (the ring size, fewer when the history's byte budget is spread over
  // many series): the counter rate, gauge value, timer mean (NaN for an interval without samples) or set
  // count. Stored as float.
  std::vector<double> points() const;
  // Timers and histograms: the percentile band around the mean, per flush like points() - the bounds of the
  // lowest and highest positive percentile (lower/upper of the samples when none applies); NaN where
  // points() is NaN. Empty for other types.
  std::vector<double> low() const;
  std::vector<double> high() const;
};

struct StatsdHistory {
  std::vector<SeriesHistory> series;
};

}  // namespace opsdeck::metrics
