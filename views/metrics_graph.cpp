// Series graphs. Braille dots are numbered here from the bottom of the area (1 = lowest dot row), so a
// value's dot is its scale level and a band is the dots between two levels.
#include "views/metrics_graph.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "tui/widgets/sparkline.hpp"
#include "views/metrics_series.hpp"

namespace opsdeck::views {
namespace {

constexpr char32_t kBrailleBase = 0x2800;
// Dot bits per column from the bottom dot up (left column: dots 7,3,2,1; right column: dots 8,6,5,4).
constexpr std::uint8_t kLeftDots[4] = {0x40, 0x04, 0x02, 0x01};
constexpr std::uint8_t kRightDots[4] = {0x80, 0x20, 0x10, 0x08};

std::span<const double> last(std::span<const double> values, std::size_t count) {
  return values.size() > count ? values.subspan(values.size() - count) : values;
}

// The dot for a value: at least the bottom row, so a value at the minimum still draws.
int dot_level(double value, double min, double max, int levels) {
  return std::max(1, tui::scale_level(value, min, max, levels));
}

}  // namespace

void render_band_graph(tui::Canvas& canvas, tui::Rect area, std::span<const double> line,
                       std::span<const double> low, std::span<const double> high, double min, double max,
                       tui::Style line_style, tui::Style band_style) {
  if (area.empty()) {
    return;
  }
  const int rows = area.height;
  const int levels = 4 * rows;
  const std::size_t capacity = 2 * static_cast<std::size_t>(area.width);
  const auto shown = last(line, capacity);
  const std::size_t first = line.size() - shown.size();  // index in line of the first shown value
  const std::size_t pad = capacity - shown.size();
  // bits[row][column], and whether the cell holds a point of the line.
  std::vector<std::uint8_t> bits(static_cast<std::size_t>(rows * area.width), 0);
  std::vector<bool> has_line(bits.size(), false);
  auto set_dot = [&](std::size_t slot, int level, bool on_line) {
    const int column = static_cast<int>(slot / 2);
    const int row_from_bottom = (level - 1) / 4;
    if (row_from_bottom < 0 || row_from_bottom >= rows) {
      return;
    }
    const auto& dots = slot % 2 == 0 ? kLeftDots : kRightDots;
    const auto cell = static_cast<std::size_t>(row_from_bottom * area.width + column);
    bits[cell] = static_cast<std::uint8_t>(bits[cell] | dots[(level - 1) % 4]);
    if (on_line) {
      has_line[cell] = true;
    }
  };
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const std::size_t slot = pad + i;
    const std::size_t index = first + i;
    if (index < low.size() && index < high.size() && !std::isnan(low[index]) && !std::isnan(high[index])) {
      const int from = dot_level(std::min(low[index], high[index]), min, max, levels);
      const int to = dot_level(std::max(low[index], high[index]), min, max, levels);
      for (int level = from; level <= to; ++level) {
        set_dot(slot, level, false);
      }
    }
    if (!std::isnan(shown[i])) {
      set_dot(slot, dot_level(shown[i], min, max, levels), true);
    }
  }
  for (int row_from_bottom = 0; row_from_bottom < rows; ++row_from_bottom) {
    for (int column = 0; column < area.width; ++column) {
      const auto cell = static_cast<std::size_t>(row_from_bottom * area.width + column);
      const char32_t ch = bits[cell] == 0 ? U' ' : kBrailleBase + bits[cell];
      canvas.set(area.x + column, area.bottom() - 1 - row_from_bottom, ch,
                 has_line[cell] ? line_style : band_style);
    }
  }
}

void render_series_graph(tui::Canvas& canvas, tui::Rect area, const metrics::SeriesHistory& series,
                         const tui::Glyphs& glyphs) {
  if (area.empty()) {
    return;
  }
  const bool timer =
      series.type == metrics::StatsdType::kTimer || series.type == metrics::StatsdType::kHistogram;
  const std::vector<double> points = series.points();
  const std::vector<double> low = timer ? series.low() : std::vector<double>{};
  const std::vector<double> high = timer ? series.high() : std::vector<double>{};
  std::vector<double> all(points.begin(), points.end());
  all.insert(all.end(), low.begin(), low.end());
  all.insert(all.end(), high.begin(), high.end());
  auto [min, max] = tui::resolve_scale(all, {});
  std::string top = format_metric_value(max);
  std::string bottom = format_metric_value(min);
  const int label_width =
      std::min(area.width / 3, std::max(tui::display_width(top), tui::display_width(bottom)));
  tui::Style label_style{tui::Role::kMuted, tui::kAttrNone};
  canvas.text(area.x, area.y, tui::truncate_to_width(top, label_width), label_style, area);
  canvas.text(area.x, area.bottom() - 1, tui::truncate_to_width(bottom, label_width), label_style, area);
  tui::Rect graph{area.x + label_width + 1, area.y, area.width - label_width - 1, area.height};
  if (graph.empty()) {
    return;
  }
  tui::Style line_style{tui::Role::kGraph, tui::kAttrNone};
  if (timer && glyphs.braille) {
    render_band_graph(canvas, graph, points, low, high, min, max, {tui::Role::kAccent, tui::kAttrBold},
                      line_style);
    return;
  }
  tui::render_braille_graph(canvas, graph, points, min, max, line_style, glyphs);
}

}  // namespace opsdeck::views
