// The Metrics view's model: one row per statsd series (from the history, so a timer without samples this
// interval still shows) with its type and latest value (from the flush), and what its graph plots.
// Pure functions of the snapshot, so the view stays a thin renderer and tests can check the numbers.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "backend/metrics/statsd_snapshot.hpp"

namespace opsdeck::views {

struct MetricsSeriesRow {
  std::string id;         // "counter|name|#tag:1": type and key, stable across flushes
  std::string key;        // the series key as sent ("name|#tags")
  std::string type;       // "counter", "gauge", "timer", "histogram", "set"
  std::string latest;     // "1.5/s (15)", "42", "mean 12 ms · p99 40", "no samples"
  double sort_value = 0;  // the number behind `latest` (rate, value, mean, count) for sorting
  const metrics::SeriesHistory* history = nullptr;  // into the StatsdHistory the rows were built from
};

// Rows in history order (by key, then type).
std::vector<MetricsSeriesRow> metrics_series_rows(const metrics::StatsdFlush& flush,
                                                  const metrics::StatsdHistory& history);

// What the graph of a series shows ("rate per second", "value", "unique members", "mean ms, p90-p99 band").
std::string metrics_graph_caption(const metrics::SeriesHistory& series, const metrics::StatsdFlush& flush);

// "1.5", "42", "1.23e+09": short, no trailing zeros; NaN gives "-".
std::string format_metric_value(double value);

}  // namespace opsdeck::views
