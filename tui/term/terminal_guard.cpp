// TerminalGuard implementation. The crash path uses only async-signal-safe calls (tcsetattr, write, raise).
#include "tui/term/terminal_guard.hpp"

#include <curses.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>

namespace opsdeck::tui {
namespace {

constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// Everything the crash handler needs, prepared ahead because it cannot allocate.
struct CrashRestore {
  bool armed = false;
  int tty_fd = -1;
  struct termios saved {};
  char reset[256] = {};
  std::size_t reset_length = 0;
};
CrashRestore g_restore;  // written before handlers are armed; read only by the crash handler

void append_reset(const char* capability) {
  if (capability == nullptr || capability == reinterpret_cast<const char*>(-1)) {
    return;
  }
  std::size_t length = std::strlen(capability);
  if (g_restore.reset_length + length < sizeof g_restore.reset) {
    std::memcpy(g_restore.reset + g_restore.reset_length, capability, length);
    g_restore.reset_length += length;
  }
}

void crash_handler(int signal_number) {
  if (g_restore.armed) {
    ::tcsetattr(g_restore.tty_fd, TCSANOW, &g_restore.saved);
    [[maybe_unused]] auto written = ::write(g_restore.tty_fd, g_restore.reset, g_restore.reset_length);
    static const char kNote[] = "\nopsdeck: crashed; the terminal was restored\n";
    written = ::write(STDERR_FILENO, kNote, sizeof kNote - 1);
  }
  // SA_RESETHAND restored the default action: raising again produces the core dump / exit status.
  ::raise(signal_number);
}

sigset_t console_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGWINCH);
  return set;
}

}  // namespace

TerminalGuard::TerminalGuard() {
  sigset_t set = console_signals();
  pthread_sigmask(SIG_BLOCK, &set, &previous_mask_);
  signal_fd_ = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  // A closed SSH connection must not kill us with SIGPIPE before the terminal is restored.
  std::signal(SIGPIPE, SIG_IGN);
}

TerminalGuard::~TerminalGuard() {
  if (signal_fd_ >= 0) {
    ::close(signal_fd_);
  }
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

std::optional<ConsoleSignal> TerminalGuard::read_signal() const {
  signalfd_siginfo info{};
  if (::read(signal_fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) {
    return std::nullopt;
  }
  switch (info.ssi_signo) {
    case SIGINT:
      return ConsoleSignal::kInterrupt;
    case SIGTERM:
      return ConsoleSignal::kTerminate;
    case SIGHUP:
      return ConsoleSignal::kHangup;
    case SIGWINCH:
      return ConsoleSignal::kResize;
    default:
      return std::nullopt;
  }
}

void TerminalGuard::arm_crash_restore(int tty_fd) {
  g_restore.tty_fd = tty_fd;
  if (::tcgetattr(tty_fd, &g_restore.saved) != 0) {
    return;
  }
  struct sigaction action {};
  action.sa_handler = crash_handler;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int signal_number : kCrashSignals) {
    sigaction(signal_number, &action, nullptr);
  }
  g_restore.armed = true;
}

void TerminalGuard::capture_reset_strings() {
  g_restore.reset_length = 0;
  append_reset(exit_attribute_mode);
  append_reset(keypad_local);
  append_reset(cursor_normal);
  append_reset(exit_ca_mode);
}

void TerminalGuard::disarm_crash_restore() {
  g_restore.armed = false;
}

}  // namespace opsdeck::tui
