// TmuxSession: one program running in a detached tmux pane of a known size, on a private tmux server
// (`tmux -L <unique name>`), so console tests can type keys, read the screen as text and watch the program
// exit. The server is started from a wiped environment (only what TmuxOptions says), with no user config,
// no status line (the pane is the whole window) and remain-on-exit, so a dead pane keeps its exit status
// and last screen. The destructor kills the server and waits for the pane's processes to go.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opsdeck::testing {

using Environment = std::vector<std::pair<std::string, std::string>>;

struct TmuxOptions {
  int width = 120;
  int height = 40;
  // Run by /bin/sh -c inside the pane. Prefix `exec` to make the program itself the pane's process.
  std::string command;
  // The pane's environment, on top of PATH, HOME and LANG=C.UTF-8; TERM is always tmux-256color.
  Environment environment;
  std::string home = "/tmp";
};

// What one tmux client invocation printed and how it exited.
struct TmuxResult {
  bool ok = false;  // exited 0
  std::string output;
};

class TmuxSession {
 public:
  // Polling interval of wait_for / wait_until: fast enough for a 10 fps console, cheap enough for 2 cores.
  static constexpr std::chrono::milliseconds kPollInterval{75};

  explicit TmuxSession(TmuxOptions options);
  ~TmuxSession();
  TmuxSession(const TmuxSession&) = delete;
  TmuxSession& operator=(const TmuxSession&) = delete;

  // False when tmux could not start the session; start_error() says why.
  bool started() const { return started_; }
  const std::string& start_error() const { return start_error_; }
  const std::string& socket_name() const { return socket_; }

  // Types `text` as is (send-keys -l): no key names are interpreted.
  void send_text(std::string_view text) const;
  // Presses named keys one after another: "Enter", "Tab", "Escape", "C-c", "BSpace", "Up", "q", ...
  void send_keys(std::initializer_list<std::string_view> keys) const;

  // The visible screen, one line per row (trailing spaces trimmed by tmux).
  std::string capture() const;
  // The same with SGR escape sequences for colours and attributes (capture-pane -e).
  std::string capture_with_escapes() const;
  // The visible screen split into rows (always `height` rows when the pane exists).
  std::vector<std::string> rows() const;

  // Polls the screen until it contains `text`; fails with the last screen after `timeout`.
  ::testing::AssertionResult wait_for(std::string_view text, std::chrono::milliseconds timeout) const;
  // Polls until `predicate(screen)` holds; `what` names the expectation in the failure message.
  ::testing::AssertionResult wait_until(std::string_view what,
                                        const std::function<bool(const std::string& screen)>& predicate,
                                        std::chrono::milliseconds timeout) const;

  // resize-window: the program gets SIGWINCH as from a real terminal resize.
  void resize(int width, int height) const;

  bool pane_dead() const;
  // The exit code once the pane's program exited normally and tmux reaped it (nullopt while it runs, before
  // tmux has its status, or if a signal killed it); call wait_for_exit first.
  std::optional<int> exit_status() const;
  // Polls until the pane's program has exited and its exit status (or signal) is known; fails with the last
  // screen after `timeout`.
  ::testing::AssertionResult wait_for_exit(std::chrono::milliseconds timeout) const;

  // The pane's first process (`#{pane_pid}`).
  pid_t pane_pid() const;
  // The pane's process or a descendant of it whose /proc/<pid>/comm is `name` (15 characters at most).
  std::optional<pid_t> find_process(std::string_view name) const;

  // display-message -p FORMAT, e.g. "#{window_width}x#{window_height}".
  std::string format(std::string_view tmux_format) const;
  // Any tmux command against this server, e.g. {"pipe-pane", "-o", "cat >> /tmp/out"}.
  TmuxResult run(const std::vector<std::string>& arguments) const;

 private:
  std::string socket_;
  std::string socket_path_;  // tmux leaves its socket file behind on kill-server; we remove it
  std::string target_;
  bool started_ = false;
  std::string start_error_;
};

// Counts non-overlapping occurrences of `needle` in `haystack`.
std::size_t count_occurrences(std::string_view haystack, std::string_view needle);

}  // namespace opsdeck::testing
