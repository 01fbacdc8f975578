// RedrawSchedule: frame-rate limit, settle window for engine publishes, poll timeouts never rounding to a
// spin.
#include "tui/app/redraw_schedule.hpp"

#include <gtest/gtest.h>

namespace opsdeck::tui::app {
namespace {

using namespace std::chrono_literals;
using Clock = RedrawSchedule::Clock;

TEST(RedrawScheduleTest, KeysDrawAtOnceThenTheFrameRateLimits) {
  RedrawSchedule schedule(100ms, 30ms);
  Clock::time_point t0{};
  schedule.request_now(t0);
  EXPECT_TRUE(schedule.due(t0));
  schedule.rendered(t0);
  EXPECT_FALSE(schedule.pending());
  schedule.request_now(t0 + 10ms);
  EXPECT_FALSE(schedule.due(t0 + 10ms)) << "at most one frame per interval";
  EXPECT_EQ(schedule.poll_timeout_ms(t0 + 10ms, std::nullopt), 90);
  EXPECT_TRUE(schedule.due(t0 + 100ms));
}

TEST(RedrawScheduleTest, PublishesSettleIntoOneFrame) {
  RedrawSchedule schedule(100ms, 30ms);
  Clock::time_point t0 = Clock::time_point{} + 1s;
  schedule.request_soon(t0);
  schedule.request_soon(t0 + 20ms);  // joins the first, does not push it back
  EXPECT_FALSE(schedule.due(t0 + 20ms));
  EXPECT_TRUE(schedule.due(t0 + 30ms));
  schedule.rendered(t0 + 30ms);
  EXPECT_FALSE(schedule.due(t0 + 200ms)) << "nothing pending after the frame";
}

TEST(RedrawScheduleTest, AKeyDuringTheSettleWindowDrawsAtOnce) {
  RedrawSchedule schedule(100ms, 30ms);
  Clock::time_point t0 = Clock::time_point{} + 1s;
  schedule.request_soon(t0);
  schedule.request_now(t0 + 5ms);
  EXPECT_TRUE(schedule.due(t0 + 5ms));
}

TEST(RedrawScheduleTest, TimeoutsRoundUpAndIdleSleepsUntilTheTick) {
  RedrawSchedule schedule(100ms, 30ms);
  Clock::time_point t0{};
  schedule.request_now(t0);
  schedule.rendered(t0);
  EXPECT_EQ(schedule.poll_timeout_ms(t0, std::nullopt), -1) << "idle with no jobs: sleep until an event";
  EXPECT_EQ(schedule.poll_timeout_ms(t0, 1000ms), 1000);
  schedule.request_now(t0 + 99ms + 500us);
  EXPECT_EQ(schedule.poll_timeout_ms(t0 + 99ms + 500us, std::nullopt), 1) << "0.5 ms left waits 1 ms, not 0";
}

}  // namespace
}  // namespace opsdeck::tui::app
