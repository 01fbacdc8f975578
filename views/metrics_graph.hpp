// The Metrics view's graph of one series over time: a braille area graph for counters (rate), gauges and
// sets, and for timers a mean line over a shaded band between the lowest and highest configured percentile.
// The y range is labelled on the left; the newest flush is at the right edge.
#pragma once

#include <span>

#include "backend/metrics/statsd_snapshot.hpp"
#include "tui/canvas/canvas.hpp"
#include "tui/widgets/glyphs.hpp"

namespace opsdeck::views {

// Draws into `area` (no border): y labels in the left columns, the graph right of them.
void render_series_graph(tui::Canvas& canvas, tui::Rect area, const metrics::SeriesHistory& series,
                         const tui::Glyphs& glyphs);

// A braille line (`line`) over a band from `low` to `high`, all aligned, the last 2*width values, scaled
// to [min, max]. Cells holding a point of the line use `line_style`, band-only cells `band_style`.
void render_band_graph(tui::Canvas& canvas, tui::Rect area, std::span<const double> line,
                       std::span<const double> low, std::span<const double> high, double min, double max,
                       tui::Style line_style, tui::Style band_style);

}  // namespace opsdeck::views
