// TerminalGuard: gives the terminal back to the shell in every way the console can end — normal exit,
// SIGINT/SIGTERM/SIGHUP (an SSH drop), and crashes (SIGSEGV, SIGABRT, ...). Signals that end the console
// are blocked in every thread and read from a signalfd by the UI loop; crash signals get a handler that
// restores the saved termios and writes the terminal's own reset strings (async-signal-safe), then re-raises.
#pragma once

#include <csignal>
#include <optional>

namespace opsdeck::tui {

enum class ConsoleSignal { kInterrupt, kTerminate, kHangup, kResize };

class TerminalGuard {
 public:
  // Blocks SIGINT, SIGTERM, SIGHUP and SIGWINCH for this thread and every thread started after it (call it
  // before starting workers) and opens the signalfd.
  TerminalGuard();
  ~TerminalGuard();
  TerminalGuard(const TerminalGuard&) = delete;
  TerminalGuard& operator=(const TerminalGuard&) = delete;

  int signal_fd() const { return signal_fd_; }
  // Reads one pending signal from the signalfd, if any.
  std::optional<ConsoleSignal> read_signal() const;

  // Records the terminal's state to restore (call before ncurses changes it) and arms the crash handlers.
  static void arm_crash_restore(int tty_fd);
  // Captures the reset strings from terminfo once ncurses has loaded it.
  static void capture_reset_strings();
  static void disarm_crash_restore();

 private:
  int signal_fd_ = -1;
  sigset_t previous_mask_{};
};

}  // namespace opsdeck::tui
