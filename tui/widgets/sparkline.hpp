// Sparklines and braille graphs: one value per cell in eighth-blocks (▁▂▃▄▅▆▇█), or two values per cell in
// braille dots (4 dots high per row), newest value at the right. Scale is explicit or taken from the data.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>

#include "tui/canvas/canvas.hpp"
#include "tui/widgets/glyphs.hpp"

namespace opsdeck::tui {

struct SparkScale {
  std::optional<double> min;  // default: the smallest shown value (0 if all values are >= 0)
  std::optional<double> max;  // default: the largest shown value
};

// Level 0..levels of `value` within [min, max]; values outside are clamped, a flat range gives 0 for
// values at or below min, else `levels`. NaN gives 0.
int scale_level(double value, double min, double max, int levels);

// The resolved [min, max] for these values and scale.
std::pair<double, double> resolve_scale(std::span<const double> values, SparkScale scale);

// Block sparkline as text of exactly `width` cells: the last `width` values, right-aligned.
// ASCII glyphs give " __.--=##" levels.
std::u32string sparkline_text(std::span<const double> values, int width, SparkScale scale = {},
                              const Glyphs& glyphs = kUnicodeGlyphs);
// Braille sparkline as text of exactly `width` cells: the last 2*width values, two per cell.
std::u32string braille_sparkline_text(std::span<const double> values, int width, SparkScale scale = {});

// Draws on the first row of `area`. Braille falls back to blocks when the glyphs have no braille.
void render_sparkline(Canvas& canvas, Rect area, std::span<const double> values, SparkScale scale = {},
                      Style style = {Role::kGraph, kAttrNone}, const Glyphs& glyphs = kUnicodeGlyphs);
void render_braille_sparkline(Canvas& canvas, Rect area, std::span<const double> values,
                              SparkScale scale = {}, Style style = {Role::kGraph, kAttrNone},
                              const Glyphs& glyphs = kUnicodeGlyphs);

// Multi-row area graph: 2 values per cell across, 4 dots per row up, filled from the bottom, the last
// 2*width values. ASCII glyphs draw one value per cell with '#' columns (top cell by eighth level).
void render_braille_graph(Canvas& canvas, Rect area, std::span<const double> values, double min, double max,
                          Style style = {Role::kGraph, kAttrNone}, const Glyphs& glyphs = kUnicodeGlyphs);

}  // namespace opsdeck::tui
