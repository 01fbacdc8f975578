// StatsdAggregator: collects parsed statsd metrics into the current interval's buckets and turns them into
// an immutable StatsdFlush at each flush, with etsy statsd's semantics: counters and sets reset every flush,
// gauges persist, timers/histograms get etsy's statistics. Not thread-safe: the server's receive thread owns
// it; readers use the Published slots.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "backend/core/published.hpp"
#include "backend/metrics/statsd_history.hpp"
#include "backend/metrics/statsd_line_parser.hpp"
#include "backend/metrics/statsd_series_key.hpp"
#include "backend/metrics/statsd_snapshot.hpp"

namespace opsdeck::metrics {

struct StatsdAggregatorOptions {
  std::vector<double> percentiles{90, 95, 99};
  std::chrono::milliseconds flush_interval{10'000};  // counters' rate is value / this, as in etsy
  std::size_t max_series = 100'000;                  // distinct series over all types
  std::size_t history_flushes = 360;                 // ring size: one hour at 10 s
  // Bytes of history points kept at most: the oldest flush kept costs 4 per series slot (a timer takes 3
  // slots), each later flush 8 per slot whose value changed. When many series change every flush the ring
  // holds fewer flushes (statsd_history.hpp).
  std::size_t history_budget_bytes = std::size_t{8} << 20;
  std::size_t bad_lines_kept = 10;
  // Per series and interval, so one hot series cannot grow memory without bound. Past the cap a timer
  // still counts the sample (count, count_ps) but keeps no value for the statistics; a set ignores new
  // members. Both are counted in StatsdTotals::samples_dropped.
  std::size_t max_timer_samples = 100'000;
  std::size_t max_set_members = 100'000;
  StatsdParseLimits parse_limits;
};

class StatsdAggregator {
 public:
  explicit StatsdAggregator(StatsdAggregatorOptions options = {});

  // Counts one packet and adds each of its lines (bad ones are counted and remembered).
  void add_packet(std::string_view packet);
  void add_line(std::string_view line);
  void add(const StatsdMetric& metric);
  void add_bad_line(std::string_view line, std::string_view reason);
  // A packet cut off by the receive buffer: counted as one bad line.
  void add_truncated_packet(std::size_t buffer_bytes);

  // Moves everything `worker` collected since the last absorb (counter increments, timer samples, gauge
  // values and deltas in the order the worker saw them, set members, totals and bad lines) into this
  // aggregator, as if this one had received it, and leaves `worker` empty. Receive threads each fill their
  // own worker aggregator; the server absorbs them before every flush and admin reply. A series the worker
  // knew but this aggregator's cap refuses is counted in series_refused.
  void absorb(StatsdAggregator& worker);

  // Closes the interval: computes the values, appends them to the history rings, resets counters, timers
  // and sets, publishes both snapshots and returns the flush.
  std::shared_ptr<const StatsdFlush> flush(std::chrono::system_clock::time_point now);

  const core::Published<StatsdFlush>& latest() const { return latest_; }
  core::Published<StatsdFlush>& latest() { return latest_; }
  const core::Published<StatsdHistory>& history() const { return history_; }
  core::Published<StatsdHistory>& history() { return history_; }

  const StatsdTotals& totals() const { return totals_; }
  std::size_t series_count() const;

  // For the admin interface: current (unflushed) values by series key, and deletion by key.
  std::map<std::string, double> counter_values() const;
  std::map<std::string, double> gauge_values() const;
  std::map<std::string, std::vector<double>> timer_values() const;
  std::map<std::string, std::vector<std::string>> set_values() const;
  bool delete_series(StatsdType type, std::string_view key);

 private:
  // Lets the maps be searched with a string_view (C++20 heterogeneous lookup).
  struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  // Each series owns a slot in the history column store, and knows the first flush that is its own.
  struct HistorySlot {
    std::uint32_t slot = 0;
    std::uint64_t first_flush = 0;
  };
  struct Counter {
    StatsdSeriesRef series;
    double value = 0;
    HistorySlot history;
  };
  struct Gauge {
    StatsdSeriesRef series;
    double value = 0;
    // An absolute value arrived since the last absorb: `value` replaces the absorbing gauge's value
    // rather than adding to it as a sum of deltas would.
    bool absolute = false;
    HistorySlot history;
  };
  struct Timer {
    StatsdSeriesRef series;
    bool histogram = false;
    std::vector<double> values;
    double scaled_count = 0;
    HistorySlot history;
  };
  struct Set {
    StatsdSeriesRef series;
    std::unordered_set<std::string, TransparentHash, std::equal_to<>> members;
    HistorySlot history;
  };

  // Finds or creates the series for a metric; nullptr when the cap refuses a new one.
  template <typename Map>
  typename Map::mapped_type* find_or_create(Map& map, const StatsdMetric& metric, StatsdType type);
  // The same for an already built series key; `known` (a worker's series of that key) is shared rather
  // than built again.
  template <typename Map>
  typename Map::mapped_type* find_or_create_key(Map& map, std::string_view key, StatsdType type,
                                                const StatsdSeriesRef& known = nullptr);
  void add_timer_samples(Timer& timer, const std::vector<double>& values, double scaled_count);

  StatsdAggregatorOptions options_;
  StatsdLineParser parser_;
  // Keyed by a view of the series' own key (StatsdSeriesName::key, shared and immutable, owned by the
  // mapped value): with 100,000 series a second copy of every key would cost megabytes.
  template <typename Value>
  using SeriesMap = std::unordered_map<std::string_view, Value, TransparentHash, std::equal_to<>>;
  SeriesMap<Counter> counters_;
  SeriesMap<Gauge> gauges_;
  SeriesMap<Timer> timers_;
  SeriesMap<Set> sets_;
  // Reused for every line so a lookup of a known series allocates nothing.
  std::string key_scratch_;
  std::vector<std::string_view> tag_scratch_;
  StatsdTotals totals_;
  std::deque<BadLine> bad_lines_;
  StatsdHistoryStore history_store_;
  core::Published<StatsdFlush> latest_;
  core::Published<StatsdHistory> history_;
};

}  // namespace opsdeck::metrics
