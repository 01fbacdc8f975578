// TmuxSession implementation: every call is one short `tmux -L <socket>` client run from a wiped environment
// (env -i), so neither the developer's TMUX, TERM or tmux.conf nor the test runner's locale leaks in.
#include "tests/support/tmux_session.hpp"

#include <signal.h>

#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "backend/core/process.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
// tmux itself always runs in a UTF-8 locale (it refuses or mangles wide characters otherwise); a pane that
// wants another locale gets it through its own environment.
constexpr const char* kClientLocale = "LANG=C.UTF-8";
constexpr std::chrono::milliseconds kClientTimeout{10000};
// A console asked to quit waits for its jobs; give it time before SIGKILL, which could cut an engine
// half-way (a mariadbd started but not yet set up).
constexpr std::chrono::milliseconds kShutdownTimeout{30000};

std::atomic<int> g_session_counter{0};

struct ProcessStat {
  pid_t parent = 0;
  pid_t session = 0;
};

// Field 4 (ppid) and 6 (session) of /proc/<pid>/stat; the command name in field 2 may hold spaces and
// parentheses, so parsing starts after the last ')'.
std::optional<ProcessStat> read_stat(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(file, text)) {
    return std::nullopt;
  }
  auto close = text.rfind(')');
  if (close == std::string::npos) {
    return std::nullopt;
  }
  std::istringstream rest(text.substr(close + 1));
  std::string state;
  ProcessStat stat;
  pid_t group = 0;
  if (!(rest >> state >> stat.parent >> group >> stat.session)) {
    return std::nullopt;
  }
  return stat;
}

std::string read_comm(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(file, name);
  return name;
}

// `root` and every process below it, breadth first.
std::vector<pid_t> process_tree(pid_t root) {
  std::multimap<pid_t, pid_t> children;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    pid_t pid = 0;
    auto [end, problem] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (problem != std::errc() || end != name.data() + name.size()) {
      continue;
    }
    if (auto stat = read_stat(pid)) {
      children.emplace(stat->parent, pid);
    }
  }
  std::vector<pid_t> tree{root};
  for (std::size_t i = 0; i < tree.size(); ++i) {
    auto [first, last] = children.equal_range(tree[i]);
    for (auto it = first; it != last; ++it) {
      tree.push_back(it->second);
    }
  }
  return tree;
}

std::string framed(const std::string& screen) {
  return "\n----- screen -----\n" + screen + "------------------";
}

}  // namespace

std::size_t count_occurrences(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) {
    return 0;
  }
  std::size_t count = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

TmuxSession::TmuxSession(TmuxOptions options)
    : socket_("opsdeck-t-" + std::to_string(::getpid()) + "-" + std::to_string(++g_session_counter)),
      target_("console:0.0") {
  std::vector<std::string> arguments = {
      "start-server", ";",
      // No status line: the pane is exactly width x height, as the program's terminal would be.
      "set-option", "-g", "status", "off", ";", "set-option", "-g", "default-terminal", "tmux-256color", ";",
      // Keep a finished program's pane, its exit status and its last screen.
      "set-option", "-g", "remain-on-exit", "on", ";", "set-option", "-g", "default-shell", "/bin/sh", ";",
      "new-session", "-d", "-s", "console", "-x", std::to_string(options.width), "-y",
      std::to_string(options.height)};
  for (const auto& [name, value] : options.environment) {
    arguments.push_back("-e");
    arguments.push_back(name + "=" + value);
  }
  arguments.push_back(options.command);

  std::vector<std::string> argv = {"/usr/bin/env",
                                   "-i",
                                   std::string("PATH=") + kPath,
                                   kClientLocale,
                                   "HOME=" + options.home,
                                   "tmux",
                                   "-L",
                                   socket_,
                                   "-f",
                                   "/dev/null"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  core::SpawnOptions spawn;
  spawn.argv = std::move(argv);
  spawn.stdout_target = core::OutputTarget::pipe();
  spawn.stderr_target = core::OutputTarget::same_as_stdout();
  auto result = core::run_and_capture(spawn, kClientTimeout);
  if (!result.ok()) {
    start_error_ = result.error().message;
    return;
  }
  if (!result->status.success()) {
    start_error_ = "tmux new-session failed (" + result->status.describe() + "): " + result->output;
    return;
  }
  started_ = true;
  socket_path_ = format("#{socket_path}");
}

TmuxSession::~TmuxSession() {
  if (!started_) {
    return;
  }
  // The program and whatever it started in its own terminal session (not daemons that called setsid, like
  // the local stack's servers) must be gone before the next test starts a console on the same state dir.
  std::vector<pid_t> waited;
  if (pid_t root = pane_pid(); root > 0) {
    auto root_stat = read_stat(root);
    for (pid_t pid : process_tree(root)) {
      auto stat = read_stat(pid);
      if (stat && root_stat && stat->session == root_stat->session) {
        waited.push_back(pid);
      }
    }
  }
  (void)run({"kill-server"});
  if (!socket_path_.empty()) {
    std::error_code error;
    fs::remove(socket_path_, error);
  }
  const auto deadline = SteadyClock::now() + kShutdownTimeout;
  for (pid_t pid : waited) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (!core::wait_until_gone(pid, std::max(left, std::chrono::milliseconds(0)))) {
      (void)core::send_signal(pid, SIGKILL);
    }
  }
}

TmuxResult TmuxSession::run(const std::vector<std::string>& arguments) const {
  std::vector<std::string> argv = {
      "/usr/bin/env", "-i", std::string("PATH=") + kPath, kClientLocale, "tmux", "-L", socket_};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  core::SpawnOptions spawn;
  spawn.argv = std::move(argv);
  spawn.stdout_target = core::OutputTarget::pipe();
  spawn.stderr_target = core::OutputTarget::same_as_stdout();
  auto result = core::run_and_capture(spawn, kClientTimeout);
  if (!result.ok()) {
    return {false, result.error().message};
  }
  return {result->status.success(), std::move(result->output)};
}

void TmuxSession::send_text(std::string_view text) const {
  auto result = run({"send-keys", "-t", target_, "-l", "--", std::string(text)});
  EXPECT_TRUE(result.ok) << "send-keys -l '" << text << "': " << result.output;
}

void TmuxSession::send_keys(std::initializer_list<std::string_view> keys) const {
  std::vector<std::string> arguments = {"send-keys", "-t", target_};
  for (auto key : keys) {
    arguments.emplace_back(key);
  }
  auto result = run(arguments);
  EXPECT_TRUE(result.ok) << "send-keys: " << result.output;
}

std::string TmuxSession::capture() const {
  return run({"capture-pane", "-p", "-t", target_}).output;
}

std::string TmuxSession::capture_with_escapes() const {
  return run({"capture-pane", "-p", "-e", "-t", target_}).output;
}

std::vector<std::string> TmuxSession::rows() const {
  std::vector<std::string> rows;
  std::istringstream lines(capture());
  for (std::string line; std::getline(lines, line);) {
    rows.push_back(line);
  }
  return rows;
}

::testing::AssertionResult TmuxSession::wait_for(std::string_view text,
                                                 std::chrono::milliseconds timeout) const {
  return wait_until(
      "'" + std::string(text) + "' on screen",
      [&](const std::string& screen) { return screen.find(text) != std::string::npos; }, timeout);
}

::testing::AssertionResult TmuxSession::wait_until(std::string_view what,
                                                   const std::function<bool(const std::string&)>& predicate,
                                                   std::chrono::milliseconds timeout) const {
  const auto start = SteadyClock::now();
  std::string screen;
  while (true) {
    // Screen and liveness in one client run: a program that died stops the wait at once, not at the timeout.
    auto result = run({"capture-pane", "-p", "-t", target_, ";", "display-message", "-p", "-t", target_,
                       "#{pane_dead}:#{pane_dead_status}"});
    std::string status;
    if (auto last = result.output.rfind('\n', result.output.size() >= 2 ? result.output.size() - 2 : 0);
        result.ok && last != std::string::npos) {
      screen = result.output.substr(0, last + 1);
      status = result.output.substr(last + 1);
    } else {
      screen = result.output;
    }
    if (result.ok && predicate(screen)) {
      return ::testing::AssertionSuccess();
    }
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
    if (status.starts_with("1:")) {
      return ::testing::AssertionFailure()
             << "the program exited (status '" << status.substr(2, status.size() - 3) << "') before " << what
             << framed(screen);
    }
    if (waited >= timeout) {
      return ::testing::AssertionFailure()
             << "timed out after " << waited.count() << " ms waiting for " << what << framed(screen);
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void TmuxSession::resize(int width, int height) const {
  auto result =
      run({"resize-window", "-t", "console:0", "-x", std::to_string(width), "-y", std::to_string(height)});
  EXPECT_TRUE(result.ok) << "resize-window: " << result.output;
}

std::string TmuxSession::format(std::string_view tmux_format) const {
  std::string output = run({"display-message", "-p", "-t", target_, std::string(tmux_format)}).output;
  if (!output.empty() && output.back() == '\n') {
    output.pop_back();
  }
  return output;
}

bool TmuxSession::pane_dead() const {
  return format("#{pane_dead}") == "1";
}

std::optional<int> TmuxSession::exit_status() const {
  std::string text = format("#{pane_dead}:#{pane_dead_status}");
  if (!text.starts_with("1:") || text.size() == 2) {
    return std::nullopt;
  }
  int code = 0;
  auto [end, problem] = std::from_chars(text.data() + 2, text.data() + text.size(), code);
  if (problem != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return code;
}

::testing::AssertionResult TmuxSession::wait_for_exit(std::chrono::milliseconds timeout) const {
  // tmux marks a pane dead when its terminal closes, and knows the exit status only once it reaped the
  // process a moment later: wait for both. Debian's tmux is built with libutempter, whose helper runs with
  // its own SIGCHLD handler right when the pane's terminal closes; a program exiting in that window leaves
  // a zombie tmux never reaps (tmux/tmux#311). Another SIGCHLD makes tmux call waitpid again.
  const auto deadline = SteadyClock::now() + timeout;
  while (true) {
    std::string state = format("#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}");
    if (state.starts_with("1:") && state != "1::") {
      return ::testing::AssertionSuccess();
    }
    if (state == "1::") {
      pid_t server = 0;
      std::string text = format("#{pid}");
      std::from_chars(text.data(), text.data() + text.size(), server);
      if (server > 0) {
        ::kill(server, SIGCHLD);
      }
    }
    if (SteadyClock::now() >= deadline) {
      return ::testing::AssertionFailure() << "the program has not exited (" << state << ") after "
                                           << timeout.count() << " ms" << framed(capture());
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

pid_t TmuxSession::pane_pid() const {
  std::string text = format("#{pane_pid}");
  pid_t pid = 0;
  std::from_chars(text.data(), text.data() + text.size(), pid);
  return pid;
}

std::optional<pid_t> TmuxSession::find_process(std::string_view name) const {
  pid_t root = pane_pid();
  if (root <= 0) {
    return std::nullopt;
  }
  for (pid_t pid : process_tree(root)) {
    if (read_comm(pid) == name) {
      return pid;
    }
  }
  return std::nullopt;
}

}  // namespace opsdeck::testing
