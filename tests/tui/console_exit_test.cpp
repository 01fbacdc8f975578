// Leaving the console: `q`, Ctrl+C, SIGTERM and a crash give the terminal back in cooked mode with echo (a
// plain sh that reads whole lines is usable again), and quitting while a job runs asks first.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>

#include "backend/stack/stack_lock.hpp"
#include "tests/support/console_session.hpp"

namespace opsdeck::testing {
namespace {

bool header_gone(const std::string& screen) {
  return screen.find("opsdeck 0.1.0") == std::string::npos;
}

// The console always starts a "stack up" job; ConsoleSession brings the stack up first, so the job only
// reuses the servers and finishes at once, and `q` / Ctrl+C then quit without asking.
TEST(ConsoleExitTest, QQuitsAndTheShellPromptIsUsableAgain) {
  ConsoleSession console(ConsoleOptions::sized(80, 24).in_a_shell());
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(console.wait_idle());
  console.send_keys({"q"});
  EXPECT_EQ(console.wait_shell_exit_code(), 0);
  EXPECT_TRUE(header_gone(console.capture())) << "the console's alternate screen was left\n"
                                              << console.capture();
  EXPECT_TRUE(console.shell_usable());
}

TEST(ConsoleExitTest, CtrlCWithNoJobsExitsZeroAndRestoresTheTerminal) {
  ConsoleSession console(ConsoleOptions::sized(80, 24).in_a_shell());
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(console.wait_idle());
  console.send_keys({"C-c"});
  EXPECT_EQ(console.wait_shell_exit_code(), 0);
  EXPECT_TRUE(header_gone(console.capture())) << console.capture();
  EXPECT_TRUE(console.shell_usable());
}

TEST(ConsoleExitTest, SigtermExitsAndRestoresTheTerminal) {
  ConsoleSession console(ConsoleOptions::sized(80, 24).in_a_shell());
  ASSERT_TRUE(console.wait_drawn());
  auto pid = console.console_pid();
  ASSERT_TRUE(pid.has_value()) << "no opsdeck process under pane pid " << console.pane_pid();
  ASSERT_EQ(::kill(*pid, SIGTERM), 0);
  auto code = console.wait_shell_exit_code();
  ASSERT_TRUE(code.has_value());
  // A clean shutdown on request: exit 0 (what the console returns), or 143 were it to re-raise SIGTERM.
  EXPECT_TRUE(*code == 0 || *code == 128 + SIGTERM) << "exit code " << *code;
  EXPECT_TRUE(header_gone(console.capture())) << console.capture();
  EXPECT_TRUE(console.shell_usable());
}

// A crash (here a SIGSEGV sent from outside, which takes the same path as a real one) must not leave the
// user's terminal in raw mode on the alternate screen: the crash handler restores both before dying.
TEST(ConsoleExitTest, ACrashStillRestoresTheTerminal) {
  ConsoleSession console(ConsoleOptions::sized(80, 24).in_a_shell());
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(console.wait_idle());
  auto pid = console.console_pid();
  ASSERT_TRUE(pid.has_value()) << "no opsdeck process under pane pid " << console.pane_pid();
  ASSERT_EQ(::kill(*pid, SIGSEGV), 0);
  auto code = console.wait_shell_exit_code();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 128 + SIGSEGV) << "the crash keeps its signal as the exit status";
  EXPECT_TRUE(header_gone(console.capture())) << console.capture();
  EXPECT_NE(console.capture().find("the terminal was restored"), std::string::npos) << console.capture();
  EXPECT_TRUE(console.shell_usable());
}

TEST(ConsoleExitTest, SighupExitsWithoutLeavingTheProcessBehind) {
  ConsoleSession console(ConsoleOptions::sized(80, 24));
  ASSERT_TRUE(console.wait_drawn());
  auto pid = console.console_pid();
  ASSERT_TRUE(pid.has_value());
  ASSERT_EQ(::kill(*pid, SIGHUP), 0);
  ASSERT_TRUE(console.wait_for_exit(kExitTimeout));
  EXPECT_EQ(console.exit_status(), 0);
}

// The "stack up" job the console starts waits for the stack's flock; holding that lock here keeps the job
// running for exactly as long as the test needs, with no timing assumptions.
TEST(ConsoleExitTest, QuittingWhileAJobRunsAsksFirst) {
  ASSERT_TRUE(ensure_stack_up());  // the lock file lives in the stack's directory
  auto lock = stack::StackLock::acquire(console_state_dir() / "stack" / ".lock", std::chrono::seconds(30));
  ASSERT_TRUE(lock.ok()) << lock.error().message;
  std::optional<stack::StackLock> held(std::move(*lock));

  ConsoleSession console(ConsoleOptions::sized(80, 24));
  ASSERT_TRUE(console.wait_drawn());
  // "stack up" waits for the lock, and "sync open" waits for "stack up".
  ASSERT_TRUE(console.wait_for("2 jobs running", kDrawTimeout));

  console.send_keys({"q"});
  // The dialog wraps its message; "(y/n)" may sit on the next row.
  ASSERT_TRUE(console.wait_for("anyway?", kDrawTimeout));
  EXPECT_NE(console.capture().find("2 jobs still running"), std::string::npos) << console.capture();
  console.send_keys({"n"});
  ASSERT_TRUE(console.wait_until(
      "the question gone after n",
      [](const std::string& screen) {
        return screen.find("Quit anyway") == std::string::npos &&
               screen.find("opsdeck 0.1.0") != std::string::npos;
      },
      kDrawTimeout));
  EXPECT_FALSE(console.pane_dead()) << "n keeps the console open";

  // Ctrl+C asks the same question while the job runs.
  console.send_keys({"C-c"});
  ASSERT_TRUE(console.wait_for("anyway?", kDrawTimeout));
  console.send_keys({"y"});
  // The terminal comes back at once, even while the cancelled job still waits for the lock.
  EXPECT_TRUE(console.wait_until("the console's screen gone after y", header_gone, kDrawTimeout));
  held.reset();
  ASSERT_TRUE(console.wait_for_exit(kExitTimeout));
  EXPECT_EQ(console.exit_status(), 0);
}

}  // namespace
}  // namespace opsdeck::testing
