// Metrics view layout: two status lines, the series table, the graph of the selection, the bad lines.
#include "views/metrics_view.hpp"

#include <algorithm>

#include "tui/widgets/format.hpp"
#include "views/metrics_graph.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Rect;
using tui::Role;

namespace {

constexpr int kMaxBadLinesShown = 5;

std::string listening_line(const tui::MetricsServerStatus& status) {
  std::string line = "statsd on udp " + status.udp_address;
  if (!status.admin_address.empty()) {
    line += "  admin tcp " + status.admin_address;
  }
  return line + "  flush every " + format_metric_value(status.flush_interval_seconds) + " s";
}

// "label value" pairs on one line; a non-zero warning value is drawn in the warning colour.
int render_total(tui::Canvas& canvas, int x, int y, std::string_view label, std::uint64_t value, bool warn,
                 Rect clip) {
  x += canvas.text(x, y, std::string(label) + " ", {Role::kMuted, kAttrNone}, clip);
  Role role = warn && value > 0 ? Role::kWarn : Role::kDefault;
  x += canvas.text(x, y, std::to_string(value), {role, kAttrBold}, clip);
  return x + 3;
}

}  // namespace

MetricsView::MetricsView()
    : table_({{"series", 0, 3, 12}, {"type", 10}, {"latest", 0, 2, 12, tui::Align::kRight}}) {
}

std::vector<tui::KeyHint> MetricsView::keys() const {
  return {{"/", "filter"}, {"s", "sort"}, {"↑↓", "series"}};
}

void MetricsView::fill_table(const tui::Snapshot& snapshot) {
  rows_ = metrics_series_rows(*snapshot.statsd_flush, *snapshot.statsd_history);
  rows_from_ = snapshot.statsd_history;
  std::vector<tui::TableRow> rows;
  rows.reserve(rows_.size());
  for (const auto& series : rows_) {
    tui::TableRow row;
    row.id = series.id;
    row.cells = {tui::TableCell(series.key), tui::TableCell(series.type),
                 tui::TableCell(series.latest, format_metric_value(series.sort_value))};
    rows.push_back(std::move(row));
  }
  table_.set_rows(std::move(rows));
}

const MetricsSeriesRow* MetricsView::selected() const {
  const tui::TableRow* row = table_.selected_row();
  if (row == nullptr) {
    return nullptr;
  }
  for (const auto& series : rows_) {
    if (series.id == row->id) {
      return &series;
    }
  }
  return nullptr;
}

void MetricsView::render_graph(const tui::Snapshot& snapshot, tui::Canvas& canvas, Rect box) const {
  const tui::MetricsServerStatus& status = *snapshot.statsd_status;
  const MetricsSeriesRow* series = selected();
  if (series == nullptr || series->history == nullptr) {
    canvas.box(box, "Graph", {Role::kBorder, kAttrNone}, snapshot.ascii);
    std::string hint = !status.listening ? "no statsd server in this console"
                       : rows_.empty()   ? "no series yet: send statsd lines to udp " + status.udp_address
                                         : "no series selected";
    Rect inner = box.inset(1);
    canvas.text(inner.x + 1, inner.y, tui::truncate_to_width(hint, inner.width - 1, snapshot.ascii),
                {Role::kMuted, kAttrNone}, inner);
    return;
  }
  const metrics::SeriesHistory& history = *series->history;
  std::string title = series->key + " - " + metrics_graph_caption(history, *snapshot.statsd_flush);
  canvas.box(box, title, {Role::kAccent, kAttrNone}, snapshot.ascii);
  Rect inner = box.inset(1);
  if (inner.height < 2) {
    return;
  }
  const std::size_t flushes = history.points().size();
  double seconds = static_cast<double>(flushes) * status.flush_interval_seconds;
  std::string footer = std::to_string(flushes) + " flushes over " + tui::format_duration(seconds) +
                       ", newest at the right;  latest " + series->latest;
  canvas.text(inner.x, inner.bottom() - 1, tui::truncate_to_width(footer, inner.width, snapshot.ascii),
              {Role::kMuted, kAttrNone}, inner);
  render_series_graph(canvas, Rect{inner.x, inner.y, inner.width, inner.height - 1}, history,
                      tui::glyphs_for(snapshot.ascii));
}

void MetricsView::render(const tui::Snapshot& snapshot, tui::Canvas& canvas) {
  const tui::Glyphs& glyphs = tui::glyphs_for(snapshot.ascii);
  const tui::MetricsServerStatus& status = *snapshot.statsd_status;
  const metrics::StatsdFlush& flush = *snapshot.statsd_flush;
  Rect area = canvas.bounds();
  if (snapshot.statsd_history != rows_from_) {
    fill_table(snapshot);
  }

  if (status.listening) {
    canvas.text(1, area.y, tui::truncate_to_width(listening_line(status), area.width - 2, snapshot.ascii),
                {Role::kOk, kAttrNone});
  } else {
    std::string error = "statsd server not running: " + (status.error.empty() ? "not started" : status.error);
    canvas.text(1, area.y, tui::truncate_to_width(error, area.width - 2, snapshot.ascii),
                {Role::kCrit, kAttrBold});
  }
  const metrics::StatsdTotals& totals = flush.totals;
  Rect line{1, area.y + 1, area.width - 2, 1};
  int x = line.x;
  x = render_total(canvas, x, line.y, "packets", totals.packets_received, false, line);
  x = render_total(canvas, x, line.y, "metrics", totals.metrics_received, false, line);
  x = render_total(canvas, x, line.y, "bad lines", totals.bad_lines_seen, true, line);
  x = render_total(canvas, x, line.y, "refused series", totals.series_refused, true, line);
  x = render_total(canvas, x, line.y, "dropped samples", totals.samples_dropped, true, line);
  render_total(canvas, x, line.y, "flushes", totals.flushes, false, line);

  Rect body{area.x, area.y + 2, area.width, area.height - 2};
  const int bad_count = static_cast<int>(flush.recent_bad_lines.size());
  const int bad_height = 2 + std::clamp(bad_count, 1, kMaxBadLinesShown);
  const bool room_for_all = body.height >= bad_height + 12;
  const int graph_height = room_for_all ? std::max(6, (body.height - bad_height) / 2) : 0;
  const int table_height = body.height - (room_for_all ? bad_height + graph_height : 0);
  Rect table_box{body.x, body.y, body.width, table_height};
  canvas.box(table_box, "Series " + table_.count_label(), {Role::kAccent, kAttrNone}, snapshot.ascii);
  table_.render(canvas, table_box.inset(1), glyphs);
  if (!room_for_all) {
    return;
  }
  render_graph(snapshot, canvas, Rect{body.x, table_box.bottom(), body.width, graph_height});

  Rect bad_box{body.x, table_box.bottom() + graph_height, body.width, bad_height};
  canvas.box(bad_box, "Bad lines (" + std::to_string(totals.bad_lines_seen) + " seen)",
             {bad_count > 0 ? Role::kWarn : Role::kBorder, kAttrNone}, snapshot.ascii);
  Rect inner = bad_box.inset(1);
  if (bad_count == 0) {
    canvas.text(inner.x + 1, inner.y, "none", {Role::kMuted, kAttrNone}, inner);
    return;
  }
  int y = inner.y;
  // Newest first: the line someone just sent is the one they are looking for.
  for (auto bad = flush.recent_bad_lines.rbegin(); bad != flush.recent_bad_lines.rend() && y < inner.bottom();
       ++bad, ++y) {
    int used =
        canvas.text(inner.x + 1, y, tui::truncate_to_width(bad->reason, inner.width / 2, snapshot.ascii),
                    {Role::kWarn, kAttrNone}, inner);
    std::string shown = bad->line.empty() ? "(empty)" : "\"" + bad->line + "\"";
    canvas.text(inner.x + 2 + used, y, shown, {Role::kDefault, kAttrNone}, inner);
  }
}

tui::HandleResult MetricsView::on_key(const tui::Key& key, const tui::Snapshot&) {
  return table_.on_key(key) ? tui::HandleResult::redraw() : tui::HandleResult::ignored();
}

}  // namespace opsdeck::views
