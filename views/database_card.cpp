// DatabaseCard drawing. Sparklines start at zero (a rate's floor), ratios span 0..1; words carry the state
// too (up, DOWN, IO stopped), for monochrome terminals.
#include "views/database_card.hpp"

#include <cmath>
#include <cstdio>

#include "tui/widgets/format.hpp"
#include "tui/widgets/sparkline.hpp"
#include "tui/widgets/text_wrap.hpp"
#include "views/overview_view.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Rect;
using tui::Role;

namespace {

constexpr int kSeriesRows = 5;
constexpr int kLabelWidth = 10;
constexpr int kValueWidth = 11;

bool replication_broken(const metrics::ReplicationState& replication) {
  return replication.role == "replica" && (!replication.io_running || !replication.sql_running);
}

void render_series(tui::Canvas& canvas, Rect row, const metrics::MetricSeries& series, bool ascii) {
  canvas.text(row.x, row.y, series.label, {Role::kMuted, kAttrNone}, row);
  canvas.text(row.x + kLabelWidth, row.y, format_series_value(series.history.latest(), series.unit),
              {Role::kDefault, kAttrBold}, row);
  int spark_x = row.x + kLabelWidth + kValueWidth;
  Rect spark{spark_x, row.y, row.right() - spark_x, 1};
  if (spark.empty()) {
    return;
  }
  tui::SparkScale scale;
  scale.min = 0.0;
  if (series.unit == metrics::SeriesUnit::kRatio) {
    scale.max = 1.0;
  }
  auto values = series.history.values();
  tui::render_sparkline(canvas, spark, values, scale, {Role::kGraph, kAttrNone}, tui::glyphs_for(ascii));
}

}  // namespace

std::string format_series_value(double value, metrics::SeriesUnit unit) {
  if (std::isnan(value)) {
    return "-";
  }
  char text[32];
  switch (unit) {
    case metrics::SeriesUnit::kPerSecond:
      return tui::format_rate(value, false);
    case metrics::SeriesUnit::kBytesPerSecond:
      return tui::format_rate(value, true);
    case metrics::SeriesUnit::kCount:
      return tui::format_count(value);
    case metrics::SeriesUnit::kBytes:
      return tui::format_bytes(value);
    case metrics::SeriesUnit::kRatio:
      std::snprintf(text, sizeof text, "%.1f%%", std::floor(value * 1000) / 10);
      return text;
    case metrics::SeriesUnit::kSeconds:
      std::snprintf(text, sizeof text, "%.0f s", value);
      return text;
  }
  return "-";
}

std::string replication_summary(const metrics::ReplicationState& replication) {
  if (replication.role == "replica" && replication.channels.size() > 1) {
    // Multi-source: every connection by name, in the server's order.
    std::string text = "replica of " + std::to_string(replication.channels.size()) + " sources:";
    for (std::size_t i = 0; i < replication.channels.size(); ++i) {
      const metrics::ReplicationChannel& channel = replication.channels[i];
      text += (i == 0 ? " " : "; ") +
              (channel.connection_name.empty() ? "(default)" : channel.connection_name) + " " +
              channel.source;
      if (!channel.io_running) {
        text += ", IO stopped";
      }
      if (!channel.sql_running) {
        text += ", SQL stopped";
      }
      text += channel.lag_seconds ? ", lag " + std::to_string(*channel.lag_seconds) + " s" : ", lag -";
    }
    return text;
  }
  if (replication.role == "replica") {
    std::string text = "replica of " + replication.source;
    if (!replication.io_running) {
      text += ", IO stopped";
    }
    if (!replication.sql_running) {
      text += ", SQL stopped";
    }
    text += replication.lag_seconds ? ", lag " + std::to_string(*replication.lag_seconds) + " s" : ", lag -";
    return text;
  }
  if (replication.role == "primary") {
    std::int64_t count = replication.replicas_connected;
    std::string text = "primary, " + std::to_string(count) + (count == 1 ? " replica" : " replicas");
    std::int64_t worst = 0;
    for (const auto& link : replication.replicas) {
      worst = std::max(worst, link.lag_seconds);
    }
    if (!replication.replicas.empty()) {
      text += ", max lag " + std::to_string(worst) + " s";
    }
    return text;
  }
  return replication.error.empty() ? "replication: unknown" : replication.error;
}

void render_database_card(tui::Canvas& canvas, Rect area, const metrics::ServerState& server, bool selected,
                          bool ascii) {
  std::string title = server.name + (server.from_local_stack ? " (local stack)" : "") +
                      (server.role_hint.empty() ? "" : " [" + server.role_hint + "]");
  canvas.box(area, title, {selected ? Role::kAccent : Role::kBorder, selected ? kAttrBold : kAttrNone},
             ascii);
  Rect inner = area.inset(1);
  if (inner.empty()) {
    return;
  }
  Rect body{inner.x + 1, inner.y, inner.width - 2, inner.height};
  int y = body.y;
  std::string state;
  Role role = Role::kMuted;
  if (!server.checked) {
    state = ascii ? "o checking" : "○ checking";
  } else if (server.up) {
    state = ascii ? "* up" : "● up";
    role = Role::kOk;
  } else {
    state = ascii ? "x DOWN" : "✖ DOWN";
    role = Role::kCrit;
  }
  int x = body.x + canvas.text(body.x, y, state, {role, kAttrBold}, body) + 2;
  std::string facts =
      server.up ? server.version + "  up " + format_uptime(server.uptime_seconds) : server.endpoint;
  canvas.text(x, y, tui::truncate_to_width(facts, body.right() - x, ascii), {Role::kMuted, kAttrNone}, body);
  ++y;
  if (server.checked && !server.up) {
    auto lines = tui::wrap_text(server.error, body.width);
    for (std::size_t i = 0; i < lines.size() && y < body.bottom() - 1; ++i, ++y) {
      canvas.text(body.x, y, lines[i], {Role::kCrit, kAttrNone}, body);
    }
    canvas.text(body.x, body.bottom() - 1,
                "retrying in " + tui::format_duration(static_cast<double>(server.retry_in.count()) / 1000.0),
                {Role::kMuted, kAttrNone}, body);
    return;
  }
  int shown = 0;
  for (const auto& series : server.series) {
    if (series.label == "lag" || shown == kSeriesRows || y >= body.bottom() - 1) {
      continue;
    }
    render_series(canvas, Rect{body.x, y, body.width, 1}, series, ascii);
    ++y;
    ++shown;
  }
  if (!server.up) {
    return;
  }
  y = body.bottom() - 1;
  const auto& replication = server.replication;
  Role replication_role = replication_broken(replication)                           ? Role::kCrit
                          : replication.lag_seconds && *replication.lag_seconds > 0 ? Role::kWarn
                                                                                    : Role::kDefault;
  std::string summary = replication_summary(replication);
  if (replication_broken(replication) && !replication.error.empty()) {
    summary += ": " + replication.error;
  }
  canvas.text(body.x, y, tui::truncate_to_width(summary, body.width, ascii), {replication_role, kAttrNone},
              body);
}

}  // namespace opsdeck::views
