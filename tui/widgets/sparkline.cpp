// Sparklines and braille graphs. Braille cells pack a 2x4 dot grid into one character (U+2800 + bits), so
// a graph gets twice the horizontal and four times the vertical resolution of plain blocks.
#include "tui/widgets/sparkline.hpp"

#include <algorithm>
#include <cmath>

namespace opsdeck::tui {
namespace {

constexpr char32_t kBrailleBase = 0x2800;
// Dot bits per column from the bottom dot up (left column: dots 7,3,2,1; right column: dots 8,6,5,4).
constexpr std::uint8_t kLeftDots[4] = {0x40, 0x04, 0x02, 0x01};
constexpr std::uint8_t kRightDots[4] = {0x80, 0x20, 0x10, 0x08};

// The last `count` values, or all of them when there are fewer.
std::span<const double> last(std::span<const double> values, std::size_t count) {
  return values.size() > count ? values.subspan(values.size() - count) : values;
}

std::uint8_t dots(int filled, const std::uint8_t (&column)[4]) {
  std::uint8_t bits = 0;
  for (int i = 0; i < std::clamp(filled, 0, 4); ++i) {
    bits |= column[i];
  }
  return bits;
}

char32_t braille(std::uint8_t bits) {
  return bits == 0 ? U' ' : kBrailleBase + bits;
}

}  // namespace

int scale_level(double value, double min, double max, int levels) {
  if (std::isnan(value) || levels <= 0) {
    return 0;
  }
  if (!(max > min)) {
    return value > min ? levels : 0;
  }
  const double t = std::clamp((value - min) / (max - min), 0.0, 1.0);
  int level = static_cast<int>(std::lround(t * levels));
  // Anything above the minimum shows at least one step, so a small but non-zero rate is not drawn as idle.
  if (level == 0 && t > 0) {
    level = 1;
  }
  return level;
}

std::pair<double, double> resolve_scale(std::span<const double> values, SparkScale scale) {
  double low = 0;
  double high = 0;
  bool any = false;
  bool negative = false;
  for (double value : values) {
    if (std::isnan(value)) {
      continue;
    }
    low = any ? std::min(low, value) : value;
    high = any ? std::max(high, value) : value;
    negative = negative || value < 0;
    any = true;
  }
  if (!any) {
    low = 0;
    high = 1;
  } else if (!negative) {
    low = 0;  // a rate graph starts at zero, or small changes would look dramatic
  }
  return {scale.min.value_or(low), scale.max.value_or(high)};
}

std::u32string sparkline_text(std::span<const double> values, int width, SparkScale scale,
                              const Glyphs& glyphs) {
  if (width <= 0) {
    return {};
  }
  const auto shown = last(values, static_cast<std::size_t>(width));
  const auto [low, high] = resolve_scale(shown, scale);
  std::u32string out(static_cast<std::size_t>(width) - shown.size(), glyphs.vertical_levels[0]);
  for (double value : shown) {
    out.push_back(glyphs.vertical_levels[static_cast<std::size_t>(scale_level(value, low, high, 8))]);
  }
  return out;
}

std::u32string braille_sparkline_text(std::span<const double> values, int width, SparkScale scale) {
  if (width <= 0) {
    return {};
  }
  const std::size_t capacity = 2 * static_cast<std::size_t>(width);
  const auto shown = last(values, capacity);
  const auto [low, high] = resolve_scale(shown, scale);
  // Right-align: pad the front so the newest value lands in the last cell's right column.
  const std::size_t pad = capacity - shown.size();
  std::u32string out;
  for (std::size_t cell = 0; cell < static_cast<std::size_t>(width); ++cell) {
    std::uint8_t bits = 0;
    for (std::size_t half = 0; half < 2; ++half) {
      const std::size_t slot = 2 * cell + half;
      if (slot >= pad) {
        const int level = scale_level(shown[slot - pad], low, high, 4);
        bits |= dots(level, half == 0 ? kLeftDots : kRightDots);
      }
    }
    out.push_back(braille(bits));
  }
  return out;
}

void render_sparkline(Canvas& canvas, Rect area, std::span<const double> values, SparkScale scale,
                      Style style, const Glyphs& glyphs) {
  if (area.empty()) {
    return;
  }
  const std::u32string line = sparkline_text(values, area.width, scale, glyphs);
  for (std::size_t i = 0; i < line.size(); ++i) {
    canvas.set(area.x + static_cast<int>(i), area.y, line[i], style);
  }
}

void render_braille_sparkline(Canvas& canvas, Rect area, std::span<const double> values, SparkScale scale,
                              Style style, const Glyphs& glyphs) {
  if (!glyphs.braille) {
    render_sparkline(canvas, area, values, scale, style, glyphs);
    return;
  }
  if (area.empty()) {
    return;
  }
  const std::u32string line = braille_sparkline_text(values, area.width, scale);
  for (std::size_t i = 0; i < line.size(); ++i) {
    canvas.set(area.x + static_cast<int>(i), area.y, line[i], style);
  }
}

void render_braille_graph(Canvas& canvas, Rect area, std::span<const double> values, double min, double max,
                          Style style, const Glyphs& glyphs) {
  if (area.empty()) {
    return;
  }
  const int rows = area.height;
  if (!glyphs.braille) {
    // One value per column, eighth-levels stacked: full cells below, a partial cell on top.
    const auto shown = last(values, static_cast<std::size_t>(area.width));
    const int offset = area.width - static_cast<int>(shown.size());
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const int level = scale_level(shown[i], min, max, 8 * rows);
      for (int row_from_bottom = 0; row_from_bottom < rows; ++row_from_bottom) {
        const int filled = std::clamp(level - 8 * row_from_bottom, 0, 8);
        canvas.set(area.x + offset + static_cast<int>(i), area.bottom() - 1 - row_from_bottom,
                   glyphs.vertical_levels[static_cast<std::size_t>(filled)], style);
      }
    }
    return;
  }
  const std::size_t capacity = 2 * static_cast<std::size_t>(area.width);
  const auto shown = last(values, capacity);
  const std::size_t pad = capacity - shown.size();
  std::vector<int> levels(capacity, 0);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    levels[pad + i] = scale_level(shown[i], min, max, 4 * rows);
  }
  for (int column = 0; column < area.width; ++column) {
    const int left = levels[2 * static_cast<std::size_t>(column)];
    const int right = levels[2 * static_cast<std::size_t>(column) + 1];
    for (int row_from_bottom = 0; row_from_bottom < rows; ++row_from_bottom) {
      const std::uint8_t bits = static_cast<std::uint8_t>(dots(left - 4 * row_from_bottom, kLeftDots) |
                                                          dots(right - 4 * row_from_bottom, kRightDots));
      canvas.set(area.x + column, area.bottom() - 1 - row_from_bottom, braille(bits), style);
    }
  }
}

}  // namespace opsdeck::tui
