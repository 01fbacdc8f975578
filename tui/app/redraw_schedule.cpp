// RedrawSchedule: frame-rate limit plus a settle delay for engine-driven redraws.
#include "tui/app/redraw_schedule.hpp"

#include <algorithm>

namespace opsdeck::tui::app {

RedrawSchedule::RedrawSchedule(std::chrono::milliseconds frame_interval, std::chrono::milliseconds settle)
    : frame_interval_(frame_interval), settle_(settle) {
}

void RedrawSchedule::request_now(Clock::time_point now) {
  wanted_at_ = std::min(wanted_at_.value_or(now), now);
}

void RedrawSchedule::request_soon(Clock::time_point now) {
  // The first publish of a burst sets the time; later ones join it rather than pushing it back.
  if (!wanted_at_) {
    wanted_at_ = now + settle_;
  }
}

RedrawSchedule::Clock::time_point RedrawSchedule::earliest(Clock::time_point now) const {
  Clock::time_point allowed = last_frame_ ? *last_frame_ + frame_interval_ : now;
  return std::max(allowed, wanted_at_.value_or(now));
}

bool RedrawSchedule::due(Clock::time_point now) const {
  return wanted_at_ && now >= earliest(now);
}

void RedrawSchedule::rendered(Clock::time_point now) {
  last_frame_ = now;
  wanted_at_.reset();
}

int RedrawSchedule::poll_timeout_ms(Clock::time_point now,
                                    std::optional<std::chrono::milliseconds> idle_tick) const {
  if (wanted_at_) {
    // Rounded up: a wait rounded down to 0 ms would spin in poll() for the last fraction of a millisecond.
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(earliest(now) - now);
    return static_cast<int>(std::max<std::int64_t>(0, wait.count()));
  }
  return idle_tick ? static_cast<int>(idle_tick->count()) : -1;
}

}  // namespace opsdeck::tui::app
