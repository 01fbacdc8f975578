// Interval buckets and flush maths for the statsd server. Series are keyed by sanitized name plus sorted
// DogStatsD tags, one map per type as in etsy statsd (a counter and a gauge may share a name).
#include "backend/metrics/statsd_aggregator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "backend/metrics/statsd_timer_stats.hpp"

namespace opsdeck::metrics {
namespace {

// Bad lines are shown in the console: keep them short and printable.
constexpr std::size_t kBadLineShownBytes = 200;

std::string printable_excerpt(std::string_view line) {
  std::string out;
  for (char c : line.substr(0, kBadLineShownBytes)) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f || c == '\\') {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  if (line.size() > kBadLineShownBytes) {
    out += "...";
  }
  return out;
}

// The timer band drawn by the Metrics view (the same as branch metrics-live's SeriesHistory::low/high): the
// bounds of the lowest and highest positive percentile etsy emitted, or the lower/upper of the samples.
std::pair<double, double> percentile_band(const TimerStats& stats) {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (const TimerPercentile& percentile : stats.percentiles) {
    if (percentile.percentile > 0) {
      low = std::min(low, percentile.bound);
      high = std::max(high, percentile.bound);
    }
  }
  if (low > high) {
    return {stats.lower, stats.upper};
  }
  return {low, high};
}

}  // namespace

StatsdAggregator::StatsdAggregator(StatsdAggregatorOptions options)
    : options_(std::move(options)),
      parser_(options_.parse_limits),
      history_store_(options_.history_flushes, options_.history_budget_bytes) {
  if (options_.flush_interval.count() <= 0) {
    options_.flush_interval = std::chrono::milliseconds(10'000);
  }
}

void StatsdAggregator::add_packet(std::string_view packet) {
  ++totals_.packets_received;
  parser_.parse_packet(packet, [this](std::string_view line, const StatsdLineResult& result) {
    ++totals_.metrics_received;
    if (result.ok()) {
      add(result.metric);
    } else {
      add_bad_line(line, result.bad_reason);
    }
  });
}

void StatsdAggregator::add_line(std::string_view line) {
  ++totals_.metrics_received;
  StatsdLineResult result = parser_.parse_line(line);
  if (result.ok()) {
    add(result.metric);
  } else {
    add_bad_line(line, result.bad_reason);
  }
}

void StatsdAggregator::add_bad_line(std::string_view line, std::string_view reason) {
  ++totals_.bad_lines_seen;
  if (options_.bad_lines_kept == 0) {
    return;
  }
  if (bad_lines_.size() >= options_.bad_lines_kept) {
    bad_lines_.pop_front();
  }
  bad_lines_.push_back(BadLine{printable_excerpt(line), std::string(reason)});
}

void StatsdAggregator::add_truncated_packet(std::size_t buffer_bytes) {
  ++totals_.packets_received;
  ++totals_.metrics_received;
  add_bad_line("", "packet larger than " + std::to_string(buffer_bytes) + " bytes, dropped");
}

std::size_t StatsdAggregator::series_count() const {
  return counters_.size() + gauges_.size() + timers_.size() + sets_.size();
}

template <typename Map>
typename Map::mapped_type* StatsdAggregator::find_or_create(Map& map, const StatsdMetric& metric,
                                                            StatsdType type) {
  // Most names are already sanitized and untagged: their key is the raw name, looked up in place.
  if (metric.tags.empty() && is_sanitized_statsd_name(metric.name)) {
    auto found = map.find(metric.name);
    if (found != map.end()) {
      return &found->second;
    }
  }
  std::size_t name_length = write_series_key(metric.name, metric.tags, key_scratch_, tag_scratch_);
  auto found = map.find(std::string_view(key_scratch_));
  if (found != map.end()) {
    return &found->second;
  }
  if (name_length == 0) {
    add_bad_line(metric.name, "name is empty after sanitizing");
    return nullptr;
  }
  return find_or_create_key(map, key_scratch_, type);
}

template <typename Map>
typename Map::mapped_type* StatsdAggregator::find_or_create_key(Map& map, std::string_view key,
                                                                StatsdType type,
                                                                const StatsdSeriesRef& known) {
  auto found = map.find(key);
  if (found != map.end()) {
    return &found->second;
  }
  if (series_count() >= options_.max_series) {
    ++totals_.series_refused;
    return nullptr;
  }
  StatsdSeriesRef series = known;
  if (!series) {
    // A key is "name" or "name|#tag,tag" with the name sanitized and the tags sorted: both survive a rebuild.
    std::size_t tags_at = key.find("|#");
    series = std::make_shared<const StatsdSeriesName>(
        tags_at == std::string_view::npos
            ? make_series_name(key, {})
            : make_series_name(key.substr(0, tags_at), key.substr(tags_at + 2)));
  }
  // The map's key is a view of the series' own key, which lives as long as the mapped value holds it.
  auto& created = map.try_emplace(std::string_view(series->key)).first->second;
  created.series = std::move(series);
  created.history = HistorySlot{history_store_.allocate(type), totals_.flushes + 1};
  return &created;
}

void StatsdAggregator::add(const StatsdMetric& metric) {
  switch (metric.type) {
    case StatsdType::kCounter:
      if (auto* counter = find_or_create(counters_, metric, StatsdType::kCounter)) {
        counter->value += metric.value * (1 / metric.sample_rate);
      }
      break;
    case StatsdType::kTimer:
    case StatsdType::kHistogram:
      if (auto* timer = find_or_create(timers_, metric, StatsdType::kTimer)) {
        timer->histogram = metric.type == StatsdType::kHistogram;
        if (timer->values.size() < options_.max_timer_samples) {
          timer->values.push_back(metric.value);
        } else {
          ++totals_.samples_dropped;
        }
        timer->scaled_count += 1 / metric.sample_rate;
      }
      break;
    case StatsdType::kGauge:
      if (auto* gauge = find_or_create(gauges_, metric, StatsdType::kGauge)) {
        // A new gauge sent as "+5" starts at 5, as etsy (it only adds when the gauge exists).
        gauge->value = metric.gauge_delta ? gauge->value + metric.value : metric.value;
        gauge->absolute = gauge->absolute || !metric.gauge_delta;
      }
      break;
    case StatsdType::kSet:
      if (auto* set = find_or_create(sets_, metric, StatsdType::kSet)) {
        if (set->members.find(metric.set_member) != set->members.end()) {
          break;
        }
        if (set->members.size() < options_.max_set_members) {
          set->members.emplace(metric.set_member);
        } else {
          ++totals_.samples_dropped;
        }
      }
      break;
  }
}

void StatsdAggregator::add_timer_samples(Timer& timer, const std::vector<double>& values,
                                         double scaled_count) {
  std::size_t room = options_.max_timer_samples - std::min(options_.max_timer_samples, timer.values.size());
  std::size_t taken = std::min(room, values.size());
  timer.values.insert(timer.values.end(), values.begin(), values.begin() + static_cast<long>(taken));
  totals_.samples_dropped += values.size() - taken;
  timer.scaled_count += scaled_count;
}

void StatsdAggregator::absorb(StatsdAggregator& worker) {
  for (auto& [key, counter] : worker.counters_) {
    if (auto* into = find_or_create_key(counters_, key, StatsdType::kCounter, counter.series)) {
      into->value += counter.value;
    }
  }
  for (auto& [key, timer] : worker.timers_) {
    if (auto* into = find_or_create_key(timers_, key, StatsdType::kTimer, timer.series)) {
      into->histogram = timer.histogram;
      add_timer_samples(*into, timer.values, timer.scaled_count);
    }
  }
  for (auto& [key, gauge] : worker.gauges_) {
    if (auto* into = find_or_create_key(gauges_, key, StatsdType::kGauge, gauge.series)) {
      into->value = gauge.absolute ? gauge.value : into->value + gauge.value;
    }
  }
  for (auto& [key, set] : worker.sets_) {
    if (auto* into = find_or_create_key(sets_, key, StatsdType::kSet, set.series)) {
      for (auto& member : set.members) {
        if (into->members.size() >= options_.max_set_members) {
          totals_.samples_dropped += into->members.count(member) == 0 ? 1 : 0;
        } else {
          into->members.insert(member);
        }
      }
    }
  }
  const StatsdTotals& seen = worker.totals_;
  totals_.packets_received += seen.packets_received;
  totals_.metrics_received += seen.metrics_received;
  totals_.bad_lines_seen += seen.bad_lines_seen;
  totals_.series_refused += seen.series_refused;
  totals_.samples_dropped += seen.samples_dropped;
  for (auto& bad : worker.bad_lines_) {
    if (options_.bad_lines_kept == 0) {
      break;
    }
    if (bad_lines_.size() >= options_.bad_lines_kept) {
      bad_lines_.pop_front();
    }
    bad_lines_.push_back(std::move(bad));
  }
  // The worker starts its next interval empty: its maps hold only what arrived since this absorb (their
  // bucket arrays go too, so a burst of series does not leave its high-water mark behind).
  worker.counters_ = decltype(worker.counters_){};
  worker.timers_ = decltype(worker.timers_){};
  worker.gauges_ = decltype(worker.gauges_){};
  worker.sets_ = decltype(worker.sets_){};
  worker.bad_lines_.clear();
  worker.totals_ = StatsdTotals{};
  worker.history_store_ =
      StatsdHistoryStore(worker.options_.history_flushes, worker.options_.history_budget_bytes);
}

std::shared_ptr<const StatsdFlush> StatsdAggregator::flush(std::chrono::system_clock::time_point now) {
  StatsdFlush out;
  out.at = now;
  out.interval_seconds = static_cast<double>(options_.flush_interval.count()) / 1000.0;
  StatsdHistory history;
  history.series.reserve(series_count());
  history_store_.begin_column(totals_.flushes + 1);
  auto record = [&history](StatsdType type, const StatsdSeriesRef& series, const HistorySlot& slot) {
    history.series.push_back(SeriesHistory{type, series, slot.slot, slot.first_flush, nullptr});
  };

  out.counters.reserve(counters_.size());
  for (auto& [key, counter] : counters_) {
    double rate = counter.value / out.interval_seconds;
    out.counters.push_back(CounterValue{counter.series, counter.value, rate});
    history_store_.set(counter.history.slot, rate);
    record(StatsdType::kCounter, counter.series, counter.history);
    counter.value = 0;
  }
  out.gauges.reserve(gauges_.size());
  for (auto& [key, gauge] : gauges_) {
    out.gauges.push_back(GaugeValue{gauge.series, gauge.value});
    history_store_.set(gauge.history.slot, gauge.value);
    record(StatsdType::kGauge, gauge.series, gauge.history);
  }
  for (auto& [key, timer] : timers_) {
    if (!timer.values.empty()) {
      TimerValue value{
          timer.series, timer.histogram,
          compute_timer_stats(timer.values, timer.scaled_count, out.interval_seconds, options_.percentiles)};
      const TimerStats& stats = value.stats;
      history_store_.set(timer.history.slot, stats.mean);
      auto [low, high] = percentile_band(stats);
      history_store_.set(timer.history.slot + 1, low);
      history_store_.set(timer.history.slot + 2, high);
      out.timers.push_back(std::move(value));
    }
    record(timer.histogram ? StatsdType::kHistogram : StatsdType::kTimer, timer.series, timer.history);
    if (timer.values.empty()) {
      timer.values = {};  // idle for a whole interval: its buffer goes (a busy timer keeps it)
    }
    timer.values.clear();
    timer.scaled_count = 0;
  }
  out.sets.reserve(sets_.size());
  for (auto& [key, set] : sets_) {
    out.sets.push_back(SetValue{set.series, set.members.size()});
    history_store_.set(set.history.slot, static_cast<double>(set.members.size()));
    record(StatsdType::kSet, set.series, set.history);
    if (set.members.empty()) {
      set.members = {};  // idle for a whole interval: its bucket array goes (a busy set keeps it)
    }
    set.members.clear();
  }
  auto columns = history_store_.end_column();
  for (auto& series : history.series) {
    series.columns = columns;
  }

  // Stable order for the console, JSON output and tests.
  auto by_key = [](const auto& a, const auto& b) { return a.series->key < b.series->key; };
  std::sort(out.counters.begin(), out.counters.end(), by_key);
  std::sort(out.gauges.begin(), out.gauges.end(), by_key);
  std::sort(out.timers.begin(), out.timers.end(), by_key);
  std::sort(out.sets.begin(), out.sets.end(), by_key);
  std::sort(history.series.begin(), history.series.end(), [](const auto& a, const auto& b) {
    return a.series->key != b.series->key ? a.series->key < b.series->key : a.type < b.type;
  });

  ++totals_.flushes;
  out.totals = totals_;
  out.recent_bad_lines.assign(bad_lines_.begin(), bad_lines_.end());
  auto published = std::make_shared<const StatsdFlush>(std::move(out));
  latest_.publish(published);
  history_.publish(std::move(history));
  return published;
}

std::map<std::string, double> StatsdAggregator::counter_values() const {
  std::map<std::string, double> out;
  for (const auto& [key, counter] : counters_) {
    out.emplace(key, counter.value);
  }
  return out;
}

std::map<std::string, double> StatsdAggregator::gauge_values() const {
  std::map<std::string, double> out;
  for (const auto& [key, gauge] : gauges_) {
    out.emplace(key, gauge.value);
  }
  return out;
}

std::map<std::string, std::vector<double>> StatsdAggregator::timer_values() const {
  std::map<std::string, std::vector<double>> out;
  for (const auto& [key, timer] : timers_) {
    out.emplace(key, timer.values);
  }
  return out;
}

std::map<std::string, std::vector<std::string>> StatsdAggregator::set_values() const {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [key, set] : sets_) {
    std::vector<std::string> members(set.members.begin(), set.members.end());
    std::sort(members.begin(), members.end());
    out.emplace(key, std::move(members));
  }
  return out;
}

bool StatsdAggregator::delete_series(StatsdType type, std::string_view key) {
  auto erase = [this, key, type](auto& map) {
    auto found = map.find(key);
    if (found == map.end()) {
      return false;
    }
    history_store_.release(found->second.history.slot, type);
    map.erase(found);
    return true;
  };
  switch (type) {
    case StatsdType::kCounter:
      return erase(counters_);
    case StatsdType::kTimer:
    case StatsdType::kHistogram:
      return erase(timers_);
    case StatsdType::kGauge:
      return erase(gauges_);
    case StatsdType::kSet:
      return erase(sets_);
  }
  return false;
}

}  // namespace opsdeck::metrics
