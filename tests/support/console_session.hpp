// ConsoleSession: the real `opsdeck` console in a tmux pane, on the state dir shared by every console test of
// the binary. The first test that needs the local stack brings it up (a few seconds); a gtest Environment
// stops it (`opsdeck stack down`) and removes the directory when the binary ends.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/test_servers.hpp"  // opsdeck_binary()
#include "tests/support/tmux_session.hpp"

namespace opsdeck::testing {

// Bounds for every wait in the console tests: drawing is immediate, the stack's first start is not.
inline constexpr std::chrono::milliseconds kDrawTimeout{10000};
inline constexpr std::chrono::milliseconds kStackUpTimeout{60000};
inline constexpr std::chrono::milliseconds kExitTimeout{15000};

// The state dir shared by the binary's console tests (created when the binary starts).
const std::filesystem::path& console_state_dir();

// Runs `opsdeck --state-dir <shared> stack up` unless the stack is known to be up. Every console starts on a
// running stack by default, so its own "stack up" job only reuses the servers and finishes at once: no test
// depends on test order, and no test ends while a console is half-way through starting mariadbd.
::testing::AssertionResult ensure_stack_up();
// Runs `opsdeck --state-dir <shared> stack down` (for the test that watches the console start the stack).
::testing::AssertionResult stop_stack();

struct ConsoleOptions {
  int width = 120;
  int height = 40;
  std::vector<std::string> arguments;  // after --state-dir: "--no-color", "--theme", "nope"
  Environment environment;             // on top of the pane's defaults: {"LANG", "C"}, {"NO_COLOR", "1"}
  // Run inside `sh`: after the console exits the pane prints "EXITED:<code>" and an interactive sh takes
  // over with the prompt "prompt> ", so a test can check the terminal is usable again. SIGINT does not kill
  // the wrapping sh (it traps it), as an interactive shell would not die either.
  bool in_shell = false;
  // Start the stack with the CLI before the console opens (see ensure_stack_up).
  bool stack_up_first = true;

  // Builders, so a test says only what differs: ConsoleOptions::sized(80, 24).in_a_shell().
  static ConsoleOptions sized(int width, int height) {
    ConsoleOptions options;
    options.width = width;
    options.height = height;
    return options;
  }
  ConsoleOptions with_arguments(std::vector<std::string> more) const {
    ConsoleOptions options = *this;
    options.arguments.insert(options.arguments.end(), more.begin(), more.end());
    return options;
  }
  ConsoleOptions with_environment(std::string name, std::string value) const {
    ConsoleOptions options = *this;
    options.environment.emplace_back(std::move(name), std::move(value));
    return options;
  }
  ConsoleOptions on_a_stopped_stack() const {
    ConsoleOptions options = *this;
    options.stack_up_first = false;
    return options;
  }
  ConsoleOptions in_a_shell() const {
    ConsoleOptions options = *this;
    options.in_shell = true;
    return options;
  }
};

class ConsoleSession : public TmuxSession {
 public:
  explicit ConsoleSession(ConsoleOptions options);

  // The header and the tab bar are on screen.
  ::testing::AssertionResult wait_drawn() const;
  // Both server cards show up ("● up", or "* up" on an ASCII terminal).
  ::testing::AssertionResult wait_servers_up(bool ascii = false) const;
  // Servers up and no job running (the header no longer says "running"): `q` and Ctrl+C quit at once.
  ::testing::AssertionResult wait_idle() const;
  // The opsdeck process in the pane (the pane's own process, or the child of the wrapping sh).
  std::optional<pid_t> console_pid() const { return find_process("opsdeck"); }
  // in_shell only: waits for "EXITED:<code>" and returns the code (nullopt and a test failure otherwise).
  std::optional<int> wait_shell_exit_code() const;
  // in_shell only: types `echo h''i` at the prompt and checks the line "hi" comes back: the shell reads
  // whole lines with echo on, i.e. the console left the terminal in cooked mode.
  ::testing::AssertionResult shell_usable() const;
};

}  // namespace opsdeck::testing
