// LogView: formatting, filtering and tail-following. Scrolling keys only record a request; the render that
// follows applies it, because only then is the number of matching lines and the height known.
#include "tui/widgets/log_view.hpp"

#include <algorithm>
#include <ctime>
#include <vector>

namespace opsdeck::tui {
namespace {

std::string_view level_label(core::LogLevel level) {
  switch (level) {
    case core::LogLevel::kDebug:
      return "DEBUG";
    case core::LogLevel::kInfo:
      return "INFO ";
    case core::LogLevel::kWarn:
      return "WARN ";
    case core::LogLevel::kError:
      return "ERROR";
  }
  return "?    ";
}

Role level_role(core::LogLevel level) {
  switch (level) {
    case core::LogLevel::kDebug:
      return Role::kMuted;
    case core::LogLevel::kInfo:
      return Role::kDefault;
    case core::LogLevel::kWarn:
      return Role::kWarn;
    case core::LogLevel::kError:
      return Role::kCrit;
  }
  return Role::kDefault;
}

std::string fold_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

}  // namespace

std::string LogView::format_line(const core::LogLine& line) const {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(line.time);
  std::tm parts{};
  if (utc_) {
    gmtime_r(&seconds, &parts);
  } else {
    localtime_r(&seconds, &parts);
  }
  char clock[16];
  std::strftime(clock, sizeof clock, "%H:%M:%S", &parts);
  std::string out = std::string(clock) + " " + std::string(level_label(line.level)) + " ";
  if (!line.source.empty()) {
    out += line.source + ": ";
  }
  return out + line.text;
}

bool LogView::matches(const core::LogLine& line) const {
  if (line.level < min_level_) {
    return false;
  }
  if (filter_.empty()) {
    return true;
  }
  const std::string needle = fold_case(filter_);
  return fold_case(line.text).find(needle) != std::string::npos ||
         fold_case(line.source).find(needle) != std::string::npos;
}

bool LogView::on_key(const Key& key) {
  using Code = Key::Code;
  const int page = std::max(1, last_height_ - 1);
  if (key.code == Code::kUp || key.is_char(U'k')) {
    pending_scroll_ -= 1;
  } else if (key.code == Code::kDown || key.is_char(U'j')) {
    pending_scroll_ += 1;
  } else if (key.code == Code::kPageUp) {
    pending_scroll_ -= page;
  } else if (key.code == Code::kPageDown) {
    pending_scroll_ += page;
  } else if (key.code == Code::kHome || key.is_char(U'g')) {
    follow_ = false;
    top_ = 0;
    pending_scroll_ = 0;
  } else if (key.code == Code::kEnd || key.is_char(U'G')) {
    follow_ = true;
    pending_scroll_ = 0;
  } else if (key.is_char(U'f')) {
    follow_ = !follow_;
    pending_scroll_ = 0;
  } else {
    return false;
  }
  return true;
}

void LogView::render(Canvas& canvas, Rect area, std::span<const core::LogLine> lines, const Glyphs& glyphs) {
  if (area.empty()) {
    return;
  }
  last_height_ = area.height;
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (matches(lines[i])) {
      shown.push_back(i);
    }
  }
  const long bottom_top = std::max(0L, static_cast<long>(shown.size()) - area.height);
  if (pending_scroll_ != 0) {
    long top = follow_ ? bottom_top : static_cast<long>(top_);
    top = std::clamp(top + pending_scroll_, 0L, bottom_top);
    // Scrolling back down to the last line resumes following, as `less +F` users expect.
    follow_ = pending_scroll_ > 0 && top == bottom_top;
    top_ = static_cast<std::size_t>(top);
    pending_scroll_ = 0;
  }
  if (follow_) {
    top_ = static_cast<std::size_t>(bottom_top);
  }
  top_ = std::min(top_, static_cast<std::size_t>(bottom_top));

  if (shown.empty()) {
    const std::string empty = lines.empty() ? "no log lines yet" : "no log lines match";
    canvas.text(area.x, area.y, truncate_to_width(empty, area.width, glyphs.ascii), Style{Role::kMuted},
                area);
    return;
  }
  for (int row = 0; row < area.height; ++row) {
    const std::size_t index = top_ + static_cast<std::size_t>(row);
    if (index >= shown.size()) {
      break;
    }
    const core::LogLine& line = lines[shown[index]];
    const std::string text = truncate_to_width(format_line(line), area.width, glyphs.ascii);
    const Role role = level_role(line.level);
    const int y = area.y + row;
    // Time muted, level coloured; warn and error lines keep their colour for the message too.
    const Role body =
        (role == Role::kWarn || role == Role::kCrit || role == Role::kMuted) ? role : Role::kDefault;
    canvas.text(area.x, y, text, Style{body, kAttrNone}, area);
    canvas.paint(Rect{area.x, y, std::min(8, area.width), 1}, Style{Role::kMuted, kAttrNone});
    canvas.paint(Rect{area.x + 9, y, std::clamp(area.width - 9, 0, 5), 1},
                 Style{role, role == Role::kCrit ? kAttrBold : kAttrNone});
  }
}

}  // namespace opsdeck::tui
