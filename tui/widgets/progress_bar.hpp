// ProgressBar: a fraction bar followed by "42% 1.2 GiB/3.0 GiB 35.1 MiB/s ETA 0:52". With an unknown total
// the bar shows a bouncing block whose position comes from the elapsed time (no state between frames).
#pragma once

#include <optional>
#include <string>

#include "tui/canvas/canvas.hpp"
#include "tui/widgets/format.hpp"
#include "tui/widgets/glyphs.hpp"

namespace opsdeck::tui {

struct ProgressBar {
  double done = 0;              // bytes or items so far
  std::optional<double> total;  // none = unknown
  double rate_per_second = 0;   // 0 = unknown
  double elapsed_seconds = 0;   // drives the indeterminate animation
  bool bytes = true;            // units: bytes ("1.2 GiB") or counts ("1.2k")

  // 0..1, or none when the total is unknown (or 0).
  std::optional<double> fraction() const;
  // Seconds left at the current rate; none when unknown.
  std::optional<double> eta_seconds() const;
  // "42% 1.2 GiB/3.0 GiB 35.1 MiB/s ETA 0:52"; unknown total: "1.2 GiB 35.1 MiB/s"; parts without data
  // are left out.
  std::string text() const;

  // Bar on the left, text on the right of the first row of `area`; the text is dropped when the area is
  // too narrow for it plus a 10-cell bar.
  void render(Canvas& canvas, Rect area, const Glyphs& glyphs = kUnicodeGlyphs) const;
  // Only the bar, exactly area.width cells.
  void render_bar(Canvas& canvas, Rect area, const Glyphs& glyphs = kUnicodeGlyphs) const;
};

// The spinner frame for a running job with no progress numbers, ten frames a second from elapsed time.
char32_t spinner_frame(double elapsed_seconds, const Glyphs& glyphs = kUnicodeGlyphs);

}  // namespace opsdeck::tui
