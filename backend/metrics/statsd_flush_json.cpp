#include "backend/metrics/statsd_flush_json.hpp"

namespace opsdeck::metrics {
namespace {

nlohmann::json series_json(const StatsdSeriesRef& series) {
  return {{"name", std::string(series->name())}, {"labels", series->labels}};
}

nlohmann::json timer_json(const TimerValue& timer) {
  nlohmann::json json = series_json(timer.series);
  const TimerStats& stats = timer.stats;
  json["type"] = timer.histogram ? "histogram" : "timer";
  json["count"] = stats.count;
  json["count_ps"] = stats.count_ps;
  json["sum"] = stats.sum;
  json["sum_squares"] = stats.sum_squares;
  json["mean"] = stats.mean;
  json["median"] = stats.median;
  json["lower"] = stats.lower;
  json["upper"] = stats.upper;
  json["std"] = stats.stddev;
  for (const auto& pct : stats.percentiles) {
    std::string suffix = percentile_suffix(pct.percentile);
    json["count_" + suffix] = pct.count;
    json["mean_" + suffix] = pct.mean;
    json[(pct.percentile > 0 ? "upper_" : "lower_") + suffix] = pct.bound;
    json["sum_" + suffix] = pct.sum;
    json["sum_squares_" + suffix] = pct.sum_squares;
  }
  return json;
}

}  // namespace

nlohmann::json statsd_flush_to_json(const StatsdFlush& flush) {
  nlohmann::json counters = nlohmann::json::object();
  for (const auto& counter : flush.counters) {
    nlohmann::json json = series_json(counter.series);
    json["value"] = counter.value;
    json["rate"] = counter.rate;
    counters[counter.series->key] = std::move(json);
  }
  nlohmann::json gauges = nlohmann::json::object();
  for (const auto& gauge : flush.gauges) {
    nlohmann::json json = series_json(gauge.series);
    json["value"] = gauge.value;
    gauges[gauge.series->key] = std::move(json);
  }
  nlohmann::json timers = nlohmann::json::object();
  for (const auto& timer : flush.timers) {
    timers[timer.series->key] = timer_json(timer);
  }
  nlohmann::json sets = nlohmann::json::object();
  for (const auto& set : flush.sets) {
    nlohmann::json json = series_json(set.series);
    json["count"] = set.count;
    sets[set.series->key] = std::move(json);
  }
  nlohmann::json bad_lines = nlohmann::json::array();
  for (const auto& bad : flush.recent_bad_lines) {
    bad_lines.push_back({{"line", bad.line}, {"reason", bad.reason}});
  }
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(flush.at.time_since_epoch()).count();
  return {{"timestamp", static_cast<double>(millis) / 1000.0},
          {"interval_seconds", flush.interval_seconds},
          {"counters", std::move(counters)},
          {"gauges", std::move(gauges)},
          {"timers", std::move(timers)},
          {"sets", std::move(sets)},
          {"totals",
           {{"packets_received", flush.totals.packets_received},
            {"metrics_received", flush.totals.metrics_received},
            {"bad_lines_seen", flush.totals.bad_lines_seen},
            {"series_refused", flush.totals.series_refused},
            {"samples_dropped", flush.totals.samples_dropped},
            {"flushes", flush.totals.flushes}}},
          {"recent_bad_lines", std::move(bad_lines)}};
}

}  // namespace opsdeck::metrics
