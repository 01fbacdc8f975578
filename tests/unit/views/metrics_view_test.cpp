// Metrics view: drawn from synthetic statsd snapshots (what the console's server publishes) into a text
// canvas: the listening line or the bind error, totals, every series with type and latest value, the `/`
// filter, the selected series' graph (area for counters, mean line over a percentile band for timers) and
// the bad lines with their reasons.
#include "views/metrics_view.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "views/metrics_graph.hpp"
#include "views/metrics_series.hpp"

namespace opsdeck::views {
namespace {

using metrics::StatsdType;

metrics::StatsdSeriesRef name(const std::string& text) {
  return std::make_shared<const metrics::StatsdSeriesName>(metrics::StatsdSeriesName{text, {}, text.size()});
}

// A series with its own column store: one column per point, holding the point (and, for timers, the band's
// low and high edges) in slots 0..2, as the aggregator lays them out.
metrics::SeriesHistory history_of(StatsdType type, const std::string& key, const std::vector<double>& points,
                                  const std::vector<double>& low = {}, const std::vector<double>& high = {}) {
  auto columns = std::make_shared<metrics::StatsdHistoryColumns>();
  for (std::size_t i = 0; i < points.size(); ++i) {
    auto column = std::make_shared<metrics::StatsdHistoryColumn>();
    column->flush = i + 1;
    column->complete = true;
    column->values.push_back(static_cast<float>(points[i]));
    if (metrics::history_slot_width(type) == 3) {
      column->values.push_back(static_cast<float>(i < low.size() ? low[i] : std::nan("")));
      column->values.push_back(static_cast<float>(i < high.size() ? high[i] : std::nan("")));
    }
    columns->push_back(std::move(column));
  }
  return metrics::SeriesHistory{type, name(key), 0, 1, std::move(columns)};
}

tui::Snapshot sample_snapshot() {
  tui::Snapshot snapshot;
  tui::MetricsServerStatus status;
  status.listening = true;
  status.udp_address = "127.0.0.1:40125";
  status.admin_address = "127.0.0.1:40126";
  status.flush_interval_seconds = 10;
  snapshot.statsd_status = std::make_shared<const tui::MetricsServerStatus>(status);

  metrics::StatsdFlush flush;
  flush.interval_seconds = 10;
  flush.counters.push_back(metrics::CounterValue{name("api.hits"), 15, 1.5});
  flush.gauges.push_back(metrics::GaugeValue{name("queue.depth"), 42});
  metrics::TimerValue timer;
  timer.series = name("db.query");
  timer.stats.count = 20;
  timer.stats.mean = 10.5;
  timer.stats.percentiles = {metrics::TimerPercentile{90, 18, 9.5, 18, 171, 0},
                             metrics::TimerPercentile{99, 20, 10.5, 20, 210, 0}};
  flush.timers.push_back(timer);
  flush.sets.push_back(metrics::SetValue{name("users"), 7});
  flush.totals.packets_received = 123;
  flush.totals.metrics_received = 456;
  flush.totals.bad_lines_seen = 2;
  flush.totals.series_refused = 3;
  flush.totals.flushes = 9;
  flush.recent_bad_lines = {metrics::BadLine{"nocolon", "no ':' in line"},
                            metrics::BadLine{"x:1|zz", "unknown type \"zz\""}};
  snapshot.statsd_flush = std::make_shared<const metrics::StatsdFlush>(flush);

  metrics::StatsdHistory history;
  history.series.push_back(history_of(StatsdType::kCounter, "api.hits", {0, 0.5, 1, 1.5, 2, 1.5}));
  history.series.push_back(
      history_of(StatsdType::kTimer, "db.query", {5, 7.5, 10.5}, {4, 6, 18}, {8, 12, 20}));
  history.series.push_back(history_of(StatsdType::kGauge, "queue.depth", {40, 41, 42}));
  history.series.push_back(history_of(StatsdType::kSet, "users", {3, 7}));
  history.series.push_back(
      history_of(StatsdType::kTimer, "z.idle", {std::nan("")}, {std::nan("")}, {std::nan("")}));
  snapshot.statsd_history = std::make_shared<const metrics::StatsdHistory>(history);
  return snapshot;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MetricsViewTest, ShowsAddressesTotalsSeriesAndBadLines) {
  MetricsView view;
  tui::Canvas canvas(100, 34);
  auto snapshot = sample_snapshot();
  view.render(snapshot, canvas);
  std::string text = canvas.to_text();
  EXPECT_TRUE(contains(text, "statsd on udp 127.0.0.1:40125  admin tcp 127.0.0.1:40126  flush every 10 s"))
      << text;
  EXPECT_TRUE(contains(text, "packets 123")) << text;
  EXPECT_TRUE(contains(text, "metrics 456")) << text;
  EXPECT_TRUE(contains(text, "bad lines 2")) << text;
  EXPECT_TRUE(contains(text, "refused series 3")) << text;
  EXPECT_TRUE(contains(text, "Series 5 of 5")) << text;
  EXPECT_TRUE(contains(text, "1.5/s (15)")) << text;
  EXPECT_TRUE(contains(text, "counter")) << text;
  EXPECT_TRUE(contains(text, "gauge")) << text;
  EXPECT_TRUE(contains(text, "42")) << text;
  EXPECT_TRUE(contains(text, "mean 10.5 p99 20 n=20")) << text;
  EXPECT_TRUE(contains(text, "7 unique")) << text;
  EXPECT_TRUE(contains(text, "no samples")) << text;
  EXPECT_TRUE(contains(text, "Bad lines (2 seen)")) << text;
  // Newest first, each with its reason.
  std::size_t newest = text.find("unknown type \"zz\" \"x:1|zz\"");
  std::size_t oldest = text.find("no ':' in line \"nocolon\"");
  ASSERT_NE(newest, std::string::npos) << text;
  ASSERT_NE(oldest, std::string::npos) << text;
  EXPECT_LT(newest, oldest);
  // The first series is selected: its graph is drawn (braille) with its caption and footer.
  EXPECT_TRUE(contains(text, "api.hits - rate per second")) << text;
  EXPECT_TRUE(contains(text, "6 flushes over 1:00")) << text;
  EXPECT_TRUE(contains(text, "⣿")) << text;
}

TEST(MetricsViewTest, FilterNarrowsTheSeriesAndEscapeClearsIt) {
  MetricsView view;
  tui::Canvas canvas(100, 34);
  auto snapshot = sample_snapshot();
  view.render(snapshot, canvas);
  EXPECT_FALSE(view.capturing_input());
  view.on_key(tui::Key::character(U'/'), snapshot);
  EXPECT_TRUE(view.capturing_input());
  for (char32_t c : std::u32string(U"queue")) {
    view.on_key(tui::Key::character(c), snapshot);
  }
  view.on_key(tui::Key::of(tui::Key::Code::kEnter), snapshot);
  tui::Canvas filtered(100, 34);
  view.render(snapshot, filtered);
  std::string text = filtered.to_text();
  EXPECT_TRUE(contains(text, "Series 1 of 5")) << text;
  EXPECT_FALSE(contains(text, "api.hits")) << text;
  EXPECT_TRUE(contains(text, "queue.depth - value")) << text;

  view.on_key(tui::Key::character(U'/'), snapshot);
  view.on_key(tui::Key::of(tui::Key::Code::kEscape), snapshot);
  tui::Canvas cleared(100, 34);
  view.render(snapshot, cleared);
  EXPECT_TRUE(contains(cleared.to_text(), "Series 5 of 5")) << cleared.to_text();
}

TEST(MetricsViewTest, TimerGraphNamesItsPercentileBand) {
  MetricsView view;
  tui::Canvas canvas(100, 34);
  auto snapshot = sample_snapshot();
  view.render(snapshot, canvas);
  view.on_key(tui::Key::of(tui::Key::Code::kDown), snapshot);  // db.query
  tui::Canvas next(100, 34);
  view.render(snapshot, next);
  std::string text = next.to_text();
  EXPECT_TRUE(contains(text, "db.query - mean, band p90-p99")) << text;
  EXPECT_TRUE(contains(text, "3 flushes over 0:30")) << text;
}

TEST(MetricsViewTest, BindErrorIsShownAndTheViewStillDraws) {
  MetricsView view;
  tui::Snapshot snapshot;
  tui::MetricsServerStatus status;
  status.error = "statsd udp 127.0.0.1:8125: Address already in use";
  snapshot.statsd_status = std::make_shared<const tui::MetricsServerStatus>(status);
  tui::Canvas canvas(100, 30);
  view.render(snapshot, canvas);
  std::string text = canvas.to_text();
  EXPECT_TRUE(contains(text, "statsd server not running: statsd udp 127.0.0.1:8125: Address already in use"))
      << text;
  EXPECT_TRUE(contains(text, "no statsd server in this console")) << text;
  EXPECT_TRUE(contains(text, "Series 0 of 0")) << text;
  EXPECT_EQ(canvas.roles_to_text().substr(0, 4), ".ccc") << canvas.roles_to_text();
}

TEST(MetricsGraphTest, BandSurroundsTheMeanLine) {
  // One row, two values per cell: the band covers dots 1..4 (0..8 on a 0..8 scale), the mean sits on one.
  tui::Canvas canvas(1, 1);
  std::vector<double> mean{4, 4};
  std::vector<double> low{0, 2};
  std::vector<double> high{8, 6};
  render_band_graph(canvas, canvas.bounds(), mean, low, high, 0, 8, {tui::Role::kAccent, tui::kAttrNone},
                    {tui::Role::kGraph, tui::kAttrNone});
  // Left column: all four dots (0x47); right column: levels 1..3 (0xb0), the mean at level 2 inside.
  EXPECT_EQ(canvas.at(0, 0).ch, char32_t{0x2800 + 0x47 + 0xb0});
  EXPECT_EQ(canvas.at(0, 0).role, tui::Role::kAccent);
}

TEST(MetricsGraphTest, IntervalsWithoutSamplesLeaveGaps) {
  tui::Canvas canvas(2, 1);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> mean{nan, nan, 1, 1};
  std::vector<double> band{nan, nan, 1, 1};
  render_band_graph(canvas, canvas.bounds(), mean, band, band, 0, 1, {tui::Role::kAccent, tui::kAttrNone},
                    {tui::Role::kGraph, tui::kAttrNone});
  EXPECT_EQ(canvas.at(0, 0).ch, U' ');
  EXPECT_NE(canvas.at(1, 0).ch, U' ');
}

TEST(MetricsSeriesTest, FormatsValuesShortly) {
  EXPECT_EQ(format_metric_value(42), "42");
  EXPECT_EQ(format_metric_value(1.5), "1.5");
  EXPECT_EQ(format_metric_value(0.123456), "0.1235");
  EXPECT_EQ(format_metric_value(std::nan("")), "-");
}

}  // namespace
}  // namespace opsdeck::views
