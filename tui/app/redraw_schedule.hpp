// RedrawSchedule: when the console draws its next frame. Keys and resizes draw as soon as the frame rate
// allows; engine publishes wait a short settle time first, so the burst of snapshots one poll round or job
// step produces becomes one frame (and one burst of bytes over SSH) instead of several. Pure, unit-tested.
#pragma once

#include <chrono>
#include <optional>

namespace opsdeck::tui::app {

class RedrawSchedule {
 public:
  using Clock = std::chrono::steady_clock;

  RedrawSchedule(std::chrono::milliseconds frame_interval, std::chrono::milliseconds settle);

  void request_now(Clock::time_point now);   // the user is waiting: keys, resize, signals
  void request_soon(Clock::time_point now);  // an engine published something
  bool pending() const { return wanted_at_.has_value(); }
  bool due(Clock::time_point now) const;
  void rendered(Clock::time_point now);
  // How long poll() may sleep: until the pending frame is due, else `idle_tick` (none = forever, -1).
  int poll_timeout_ms(Clock::time_point now, std::optional<std::chrono::milliseconds> idle_tick) const;

 private:
  Clock::time_point earliest(Clock::time_point now) const;

  std::chrono::milliseconds frame_interval_;
  std::chrono::milliseconds settle_;
  std::optional<Clock::time_point> last_frame_;
  std::optional<Clock::time_point> wanted_at_;
};

}  // namespace opsdeck::tui::app
