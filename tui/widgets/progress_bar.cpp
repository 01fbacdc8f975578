// ProgressBar text and drawing. The indeterminate bar is a pure function of elapsed time, so a view that
// redraws from a snapshot animates without keeping any state of its own.
#include "tui/widgets/progress_bar.hpp"

#include <algorithm>
#include <cmath>

namespace opsdeck::tui {

std::optional<double> ProgressBar::fraction() const {
  if (!total || !(*total > 0)) {
    return std::nullopt;
  }
  return std::clamp(done / *total, 0.0, 1.0);
}

std::optional<double> ProgressBar::eta_seconds() const {
  if (!total || !(rate_per_second > 0) || !(*total > 0)) {
    return std::nullopt;
  }
  return std::max(0.0, (*total - done) / rate_per_second);
}

std::string ProgressBar::text() const {
  auto amount = [this](double value) { return bytes ? format_bytes(value) : format_count(value); };
  std::string out;
  auto add = [&out](const std::string& part) { out += (out.empty() ? "" : " ") + part; };
  if (const auto part = fraction()) {
    add(format_percent(*part));
    add(amount(done) + "/" + amount(*total));
  } else {
    add(amount(done));
  }
  if (rate_per_second > 0) {
    add(format_rate(rate_per_second, bytes));
  }
  if (const auto eta = eta_seconds()) {
    add("ETA " + format_duration(*eta));
  }
  return out;
}

void ProgressBar::render_bar(Canvas& canvas, Rect area, const Glyphs& glyphs) const {
  if (area.empty()) {
    return;
  }
  const int width = area.width;
  const Style filled{Role::kAccent, kAttrNone};
  const Style empty{Role::kMuted, kAttrNone};
  for (int i = 0; i < width; ++i) {
    canvas.set(area.x + i, area.y, glyphs.bar_empty, empty);
  }
  if (const auto part = fraction()) {
    const int eighths = static_cast<int>(std::floor(*part * width * 8));
    const int full = eighths / 8;
    for (int i = 0; i < full && i < width; ++i) {
      canvas.set(area.x + i, area.y, glyphs.horizontal_levels[8], filled);
    }
    const char32_t partial = glyphs.horizontal_levels[static_cast<std::size_t>(eighths % 8)];
    if (full < width && eighths % 8 != 0 && partial != U' ') {
      canvas.set(area.x + full, area.y, partial, filled);
    }
    return;
  }
  // Unknown total: a block bouncing end to end, about ten cells a second.
  const int block = std::clamp(width / 5, 1, std::max(1, width));
  const int travel = width - block;
  int position = 0;
  if (travel > 0) {
    const auto step = static_cast<long long>(std::max(0.0, elapsed_seconds) * 10.0);
    const long long phase = step % (2LL * travel);
    position = static_cast<int>(phase <= travel ? phase : 2LL * travel - phase);
  }
  for (int i = 0; i < block; ++i) {
    canvas.set(area.x + position + i, area.y, glyphs.horizontal_levels[8], filled);
  }
}

void ProgressBar::render(Canvas& canvas, Rect area, const Glyphs& glyphs) const {
  if (area.empty()) {
    return;
  }
  const std::string label = text();
  const int label_width = display_width(label);
  constexpr int kMinBar = 10;
  if (area.width >= label_width + 1 + kMinBar) {
    const int bar_width = area.width - label_width - 1;
    render_bar(canvas, Rect{area.x, area.y, bar_width, 1}, glyphs);
    canvas.text(area.x + bar_width + 1, area.y, label, Style{}, area.top(1));
  } else {
    render_bar(canvas, area.top(1), glyphs);
  }
}

char32_t spinner_frame(double elapsed_seconds, const Glyphs& glyphs) {
  const auto step = static_cast<long long>(std::max(0.0, elapsed_seconds) * 10.0);
  return glyphs.spinner[static_cast<std::size_t>(step % static_cast<long long>(glyphs.spinner.size()))];
}

}  // namespace opsdeck::tui
