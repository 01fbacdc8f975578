// LogView: log lines with time, level colour, source and text; follows the tail until the user scrolls up,
// and filters by minimum level and a case-insensitive substring.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "backend/core/logger.hpp"
#include "tui/canvas/canvas.hpp"
#include "tui/key.hpp"
#include "tui/widgets/glyphs.hpp"

namespace opsdeck::tui {

class LogView {
 public:
  // `utc` formats times in UTC (tests, servers); otherwise local time.
  explicit LogView(bool utc = false) : utc_(utc) {}

  bool following() const { return follow_; }
  void follow() { follow_ = true; }
  void set_filter(std::string text) { filter_ = std::move(text); }
  const std::string& filter() const { return filter_; }
  void set_min_level(core::LogLevel level) { min_level_ = level; }
  core::LogLevel min_level() const { return min_level_; }

  // Up/Down (k/j), PageUp/PageDown, Home/g (top), End/G (follow the tail again), f toggles follow.
  bool on_key(const Key& key);

  // "HH:MM:SS LEVEL source  text", oldest at the top; debug muted, warn in warn, error in crit.
  void render(Canvas& canvas, Rect area, std::span<const core::LogLine> lines,
              const Glyphs& glyphs = kUnicodeGlyphs);

  // One line as drawn (without colour), for tests and copy-out.
  std::string format_line(const core::LogLine& line) const;

 private:
  bool matches(const core::LogLine& line) const;

  bool utc_;
  bool follow_ = true;
  std::size_t top_ = 0;     // first shown line among the matching lines, when not following
  int pending_scroll_ = 0;  // scroll requested by keys, applied at the next render (line count known then)
  int last_height_ = 10;
  std::string filter_;
  core::LogLevel min_level_ = core::LogLevel::kDebug;
};

}  // namespace opsdeck::tui
