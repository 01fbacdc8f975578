// Series rows for the Metrics view: the flush vectors are sorted by key, so each row finds its latest
// value with a binary search instead of a map built per flush.
#include "views/metrics_series.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace opsdeck::views {
namespace {

template <typename Value>
const Value* find_by_key(const std::vector<Value>& values, const std::string& key) {
  auto found =
      std::lower_bound(values.begin(), values.end(), key,
                       [](const Value& value, const std::string& k) { return value.series->key < k; });
  return found != values.end() && found->series->key == key ? &*found : nullptr;
}

// The band's percentiles as the aggregator chose them: the lowest and highest positive one emitted.
std::pair<double, double> band_percentiles(const metrics::TimerStats& stats) {
  double low = 0;
  double high = 0;
  for (const auto& percentile : stats.percentiles) {
    if (percentile.percentile <= 0) {
      continue;
    }
    low = low == 0 ? percentile.percentile : std::min(low, percentile.percentile);
    high = std::max(high, percentile.percentile);
  }
  return {low, high};
}

std::string band_label(const metrics::TimerStats& stats) {
  auto [low, high] = band_percentiles(stats);
  if (high == 0) {
    return "lower-upper";
  }
  if (low == high) {
    return "p" + format_metric_value(low);
  }
  return "p" + format_metric_value(low) + "-p" + format_metric_value(high);
}

void fill_latest(MetricsSeriesRow& row, const metrics::SeriesHistory& series,
                 const metrics::StatsdFlush& flush) {
  const std::string& key = series.series->key;
  switch (series.type) {
    case metrics::StatsdType::kCounter:
      if (const auto* counter = find_by_key(flush.counters, key)) {
        row.latest = format_metric_value(counter->rate) + "/s (" + format_metric_value(counter->value) + ")";
        row.sort_value = counter->rate;
      }
      break;
    case metrics::StatsdType::kGauge:
      if (const auto* gauge = find_by_key(flush.gauges, key)) {
        row.latest = format_metric_value(gauge->value);
        row.sort_value = gauge->value;
      }
      break;
    case metrics::StatsdType::kSet:
      if (const auto* set = find_by_key(flush.sets, key)) {
        row.latest = std::to_string(set->count) + " unique";
        row.sort_value = static_cast<double>(set->count);
      }
      break;
    case metrics::StatsdType::kTimer:
    case metrics::StatsdType::kHistogram: {
      const auto* timer = find_by_key(flush.timers, key);
      if (timer == nullptr) {
        row.latest = "no samples";
        break;
      }
      row.latest = "mean " + format_metric_value(timer->stats.mean);
      auto [low, high] = band_percentiles(timer->stats);
      for (const auto& percentile : timer->stats.percentiles) {
        if (high != 0 && percentile.percentile == high) {
          row.latest += " p" + format_metric_value(high) + " " + format_metric_value(percentile.bound);
        }
      }
      row.latest += " n=" + format_metric_value(timer->stats.count);
      row.sort_value = timer->stats.mean;
      break;
    }
  }
  if (row.latest.empty()) {
    row.latest = "-";
  }
}

}  // namespace

std::string format_metric_value(double value) {
  if (std::isnan(value)) {
    return "-";
  }
  char text[32];
  if (value == std::floor(value) && std::abs(value) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else {
    std::snprintf(text, sizeof text, "%.4g", value);
  }
  return text;
}

std::vector<MetricsSeriesRow> metrics_series_rows(const metrics::StatsdFlush& flush,
                                                  const metrics::StatsdHistory& history) {
  std::vector<MetricsSeriesRow> rows;
  rows.reserve(history.series.size());
  for (const auto& series : history.series) {
    MetricsSeriesRow row;
    row.type = std::string(metrics::to_string(series.type));
    row.key = series.series->key;
    row.id = row.type + "|" + row.key;
    row.history = &series;
    fill_latest(row, series, flush);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string metrics_graph_caption(const metrics::SeriesHistory& series, const metrics::StatsdFlush& flush) {
  switch (series.type) {
    case metrics::StatsdType::kCounter:
      return "rate per second";
    case metrics::StatsdType::kGauge:
      return "value";
    case metrics::StatsdType::kSet:
      return "unique members per flush";
    case metrics::StatsdType::kTimer:
    case metrics::StatsdType::kHistogram:
      if (const auto* timer = find_by_key(flush.timers, series.series->key)) {
        return "mean, band " + band_label(timer->stats);
      }
      return "mean, percentile band";
  }
  return "";
}

}  // namespace opsdeck::views
