// ConsoleSession and the shared state dir. The gtest Environment is registered from this file, which every
// console test links through ConsoleSession, so the binary cannot forget to stop the stack.
#include "tests/support/console_session.hpp"

#include <memory>
#include <mutex>
#include <sstream>

#include "backend/core/process.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPrompt = "prompt> ";

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

core::Result<core::CapturedRun> run_opsdeck(std::vector<std::string> arguments,
                                            std::chrono::milliseconds timeout) {
  core::SpawnOptions spawn;
  spawn.argv = {opsdeck_binary().string(), "--state-dir", console_state_dir().string()};
  spawn.argv.insert(spawn.argv.end(), arguments.begin(), arguments.end());
  spawn.stdout_target = core::OutputTarget::pipe();
  spawn.stderr_target = core::OutputTarget::same_as_stdout();
  return core::run_and_capture(spawn, timeout);
}

// Owns the shared state dir for the whole binary: created before the first test, the stack in it stopped
// with the CLI (the path a user takes) and the directory removed after the last.
class ConsoleStateEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    TemporaryDirectory::sweep_abandoned();
    directory_ = std::make_unique<TemporaryDirectory>();
    fs::create_directories(directory_->path() / "home");
  }

  void TearDown() override {
    if (!directory_) {
      return;
    }
    if (fs::exists(directory_->path() / "stack")) {
      auto down = run_opsdeck({"stack", "down"}, std::chrono::seconds(60));
      EXPECT_TRUE(down.ok() && down->status.success())
          << "opsdeck stack down: " << (down.ok() ? down->output : down.error().message);
    }
    directory_.reset();  // also stops anything still running there, then removes it
  }

  static const fs::path& path() {
    static const fs::path kEmpty;
    return instance_ && instance_->directory_ ? instance_->directory_->path() : kEmpty;
  }
  static void set_instance(ConsoleStateEnvironment* instance) { instance_ = instance; }

 private:
  static inline ConsoleStateEnvironment* instance_ = nullptr;
  std::unique_ptr<TemporaryDirectory> directory_;
};

// gtest owns environments it is given (its API takes a raw pointer and deletes it at exit).
[[maybe_unused]] const bool kRegistered = [] {
  auto* environment = new ConsoleStateEnvironment();
  ConsoleStateEnvironment::set_instance(environment);
  ::testing::AddGlobalTestEnvironment(environment);
  return true;
}();

TmuxOptions tmux_options(const ConsoleOptions& options) {
  TmuxOptions tmux;
  tmux.width = options.width;
  tmux.height = options.height;
  tmux.home = (console_state_dir() / "home").string();
  // The console's own statsd server on free ports, so consoles of parallel tests never fight over 8125.
  tmux.environment = {{"HOME", tmux.home},
                      {"OPSDECK_METRICS_LISTEN", "127.0.0.1:0"},
                      {"OPSDECK_METRICS_ADMIN", "127.0.0.1:0"}};
  tmux.environment.insert(tmux.environment.end(), options.environment.begin(), options.environment.end());
  std::string console =
      quoted(opsdeck_binary().string()) + " --state-dir " + quoted(console_state_dir().string());
  for (const auto& argument : options.arguments) {
    console += " " + quoted(argument);
  }
  if (options.in_shell) {
    tmux.environment.emplace_back("PS1", kPrompt);
    // `trap : INT` keeps sh alive through Ctrl+C (as an interactive shell would be); exec resets the trap to
    // the default in the console, so the console still gets SIGINT.
    tmux.command = "trap : INT; " + console + "; echo EXITED:$?; exec sh";
  } else {
    tmux.command = "exec " + console;
  }
  return tmux;
}

std::string row(const std::string& screen, std::size_t index) {
  std::istringstream lines(screen);
  std::string line;
  for (std::size_t i = 0; i <= index && std::getline(lines, line); ++i) {
  }
  return line;
}

}  // namespace

const fs::path& console_state_dir() {
  return ConsoleStateEnvironment::path();
}

namespace {

std::mutex g_stack_mutex;
bool g_stack_up = false;

::testing::AssertionResult run_stack_command(const std::string& command) {
  auto result = run_opsdeck({"stack", command}, kStackUpTimeout);
  if (!result.ok()) {
    return ::testing::AssertionFailure() << "opsdeck stack " << command << ": " << result.error().message;
  }
  if (!result->status.success()) {
    return ::testing::AssertionFailure()
           << "opsdeck stack " << command << ": " << result->status.describe() << "\n"
           << result->output;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace

::testing::AssertionResult ensure_stack_up() {
  std::lock_guard lock(g_stack_mutex);
  if (g_stack_up) {
    return ::testing::AssertionSuccess();
  }
  auto up = run_stack_command("up");
  g_stack_up = static_cast<bool>(up);
  return up;
}

::testing::AssertionResult stop_stack() {
  std::lock_guard lock(g_stack_mutex);
  g_stack_up = false;
  return run_stack_command("down");
}

namespace {

// Runs before the TmuxSession base is built, so the console opens on a running stack.
const ConsoleOptions& with_stack_up(const ConsoleOptions& options) {
  if (options.stack_up_first) {
    EXPECT_TRUE(ensure_stack_up());
  }
  return options;
}

}  // namespace

ConsoleSession::ConsoleSession(ConsoleOptions options) : TmuxSession(tmux_options(with_stack_up(options))) {
  EXPECT_TRUE(started()) << start_error();
}

::testing::AssertionResult ConsoleSession::wait_drawn() const {
  return wait_until(
      "the header and the tab bar",
      [](const std::string& screen) {
        return row(screen, 0).find("opsdeck 0.1.0") != std::string::npos &&
               row(screen, 1).find("1 Overview") != std::string::npos;
      },
      kDrawTimeout);
}

::testing::AssertionResult ConsoleSession::wait_servers_up(bool ascii) const {
  std::string up = ascii ? "* up" : "● up";
  return wait_until(
      "both servers " + up, [&](const std::string& screen) { return count_occurrences(screen, up) == 2; },
      kStackUpTimeout);
}

::testing::AssertionResult ConsoleSession::wait_idle() const {
  return wait_until(
      "both servers up and no job running",
      [](const std::string& screen) {
        std::string header = row(screen, 0);
        return count_occurrences(screen, "● up") == 2 && header.find("local stack") != std::string::npos &&
               header.find("running") == std::string::npos;
      },
      kStackUpTimeout);
}

std::optional<int> ConsoleSession::wait_shell_exit_code() const {
  std::string screen;
  auto found = wait_until(
      "EXITED:<code> from the wrapping sh",
      [&](const std::string& text) {
        screen = text;
        return text.find("EXITED:") != std::string::npos;
      },
      kExitTimeout);
  if (!found) {
    ADD_FAILURE() << found.message();
    return std::nullopt;
  }
  auto at = screen.find("EXITED:") + 7;
  return std::stoi(screen.substr(at, screen.find('\n', at) - at));
}

::testing::AssertionResult ConsoleSession::shell_usable() const {
  // The prompt must be back before typing, or the keys would race the console's last reads.
  // tmux trims the prompt's trailing space from a captured row.
  if (auto prompt = wait_for("prompt>", kDrawTimeout); !prompt) {
    return prompt;
  }
  send_text("echo h''i");
  send_keys({"Enter"});
  return wait_until(
      "the typed command echoed and its output \"hi\" on a line of its own",
      [](const std::string& screen) { return screen.find("prompt> echo h''i\nhi\n") != std::string::npos; },
      kDrawTimeout);
}

}  // namespace opsdeck::testing
