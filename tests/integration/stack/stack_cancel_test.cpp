// Cancelling `stack up`: a job whose stop was requested gives up waiting for the stack lock at once with
// kCancelled instead of holding the console open for the whole lock timeout.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <stop_token>
#include <thread>

#include "tests/integration/stack/stack_test_fixture.hpp"

namespace opsdeck::testing {
namespace {

using namespace std::chrono_literals;

class StackCancelTest : public StackTestFixture {};

TEST_F(StackCancelTest, UpWaitingForTheLockStopsWhenCancelled) {
  std::filesystem::create_directories(state_dir() / "stack");
  // Another "opsdeck" holds the stack lock, as one that is starting the stack would.
  int holder = ::open((state_dir() / "stack" / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(holder, 0);
  ASSERT_EQ(::flock(holder, LOCK_EX), 0);

  stack::StackEngine engine(settings());
  std::stop_source stop;
  auto started = std::chrono::steady_clock::now();
  auto result = std::async(std::launch::async, [&] { return engine.up(stop.get_token()); });
  std::this_thread::sleep_for(200ms);
  ASSERT_EQ(result.wait_for(0ms), std::future_status::timeout) << "up must be waiting for the lock";
  stop.request_stop();
  ASSERT_EQ(result.wait_for(10s), std::future_status::ready) << "cancel must end the wait promptly";
  auto outcome = result.get();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().category, core::ErrorCategory::kCancelled);
  EXPECT_NE(outcome.error().message.find(".lock"), std::string::npos) << outcome.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  ::close(holder);
  EXPECT_FALSE(engine.status()->all_running()) << "nothing was started";
}

}  // namespace
}  // namespace opsdeck::testing
