// The console loop: the UI thread sleeps in poll() on stdin, the engines' wake-up fd and the signalfd, and
// redraws at most ui.max_fps times a second, only when something changed.
#include "tui/app/console_main.hpp"

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "tui/app/console_commands.hpp"
#include "tui/app/console_shell.hpp"
#include "tui/app/redraw_schedule.hpp"
#include "tui/app/session.hpp"
#include "tui/term/terminal.hpp"
#include "tui/term/terminal_guard.hpp"
#include "views/backups_view.hpp"
#include "views/certificates_view.hpp"
#include "views/databases_view.hpp"
#include "views/jobs_view.hpp"
#include "views/metrics_view.hpp"
#include "views/overview_view.hpp"
#include "views/sync_view.hpp"

namespace opsdeck::tui::app {
namespace {

using SteadyClock = std::chrono::steady_clock;

// While jobs run, elapsed times and spinners move even when no engine publishes: tick this often.
constexpr auto kBusyTick = std::chrono::milliseconds(1000);
// Publishes that arrive within this window of each other are drawn as one frame.
constexpr auto kSettle = std::chrono::milliseconds(30);

bool monochrome_requested(const cli::CliContext& context, const core::Config& config) {
  const char* no_color = std::getenv("NO_COLOR");  // https://no-color.org: set and non-empty
  return context.options.no_color || (no_color != nullptr && no_color[0] != '\0') ||
         config.get_bool("ui.no_color");
}

Theme choose_theme(const std::string& name, core::Logger& logger, std::string& problem) {
  auto dir = find_themes_dir();
  std::vector<std::string> warnings;
  auto theme = load_theme(name, dir.value_or(std::filesystem::path()), &warnings);
  for (const auto& warning : warnings) {
    logger.warn("theme", warning);
  }
  if (!theme.ok()) {
    // The outcome first: a long path in the reason may be cut at the edge of the status bar.
    problem = "using the default theme: " + theme.error().message;
    logger.error("theme", problem);
    return default_theme();
  }
  return *theme;
}

// Reads every pending key and hands it to the shell; true when the user asked to quit.
bool handle_keys(Terminal& terminal, ConsoleShell& shell, const Snapshot& snapshot, core::Logger& logger) {
  while (auto key = terminal.read_key()) {
    if (key->code == Key::Code::kResize) {
      terminal.handle_resize();
      continue;
    }
    auto outcome = shell.on_key(*key, snapshot);
    if (outcome.kind == ShellOutcome::Kind::kQuit) {
      return true;
    }
    if (outcome.kind == ShellOutcome::Kind::kChangeTheme) {
      std::string problem;
      terminal.apply_theme(choose_theme(outcome.argument, logger, problem));
      shell.show_message(problem.empty() ? "theme " + outcome.argument : problem,
                         problem.empty() ? Role::kOk : Role::kCrit);
    }
  }
  return false;
}

}  // namespace

int run_console(cli::CliContext& context) {
  const core::Config* config = context.config();
  if (config == nullptr) {
    return cli::kExitFailure;
  }
  core::Logger& logger = context.logger();
  // Block the console's signals before any thread starts, so every worker inherits the mask.
  TerminalGuard guard;
  auto session = Session::create(*config, logger);
  if (!session.ok()) {
    context.fail(session.error());
    return cli::kExitFailure;
  }
  std::string theme_problem;
  std::string theme_name =
      context.options.theme.empty() ? config->get_string("ui.theme") : context.options.theme;
  Theme theme = choose_theme(theme_name, logger, theme_problem);
  TerminalOptions terminal_options{monochrome_requested(context, *config), config->get_bool("ui.ascii")};
  auto terminal = Terminal::open(terminal_options, theme);
  if (!terminal.ok()) {
    context.fail(terminal.error());
    return cli::kExitFailure;
  }
  logger.info("console", "console opened");

  std::vector<std::unique_ptr<View>> views;
  views.push_back(std::make_unique<views::OverviewView>());
  views.push_back(std::make_unique<views::JobsView>());
  views.push_back(std::make_unique<views::CertificatesView>([](const Snapshot& s) { return s.certs; }));
  views.push_back(std::make_unique<views::MetricsView>());
  views.push_back(std::make_unique<views::DatabasesView>(config->get_int("monitor.long_query_time")));
  views.push_back(std::make_unique<views::BackupsView>([](const Snapshot& s) { return s.backups; }));
  views.push_back(std::make_unique<views::SyncView>());
  auto themes_dir = find_themes_dir();
  ConsoleShell shell(std::move(views), make_command_runner(**session),
                     themes_dir ? list_themes(*themes_dir) : std::vector<std::string>{"default"});
  if (!theme_problem.empty()) {
    shell.show_message(theme_problem, Role::kCrit);
  }
  (*session)->start();

  RedrawSchedule schedule(
      std::chrono::milliseconds(1000 / std::max<std::int64_t>(1, config->get_int("ui.max_fps"))), kSettle);
  bool quit = false;
  Snapshot snapshot = (*session)->snapshot();
  schedule.request_now(SteadyClock::now());
  while (!quit) {
    auto now = SteadyClock::now();
    if (schedule.due(now)) {
      snapshot = (*session)->snapshot();
      snapshot.ascii = (*terminal)->ascii();
      Canvas canvas((*terminal)->width(), (*terminal)->height());
      shell.render(snapshot, canvas);
      (*terminal)->present(canvas);
      schedule.rendered(now);
    }
    auto idle_tick = snapshot.jobs->running() > 0 ? std::optional(kBusyTick) : std::nullopt;
    pollfd fds[3] = {
        {STDIN_FILENO, POLLIN, 0}, {(*session)->wakeup_fd(), POLLIN, 0}, {guard.signal_fd(), POLLIN, 0}};
    int ready = ::poll(fds, 3, schedule.poll_timeout_ms(now, idle_tick));
    now = SteadyClock::now();
    if (ready == 0 && !schedule.pending()) {
      schedule.request_now(now);  // busy tick: elapsed times move
      continue;
    }
    if (fds[2].revents & POLLIN) {
      while (auto signal = guard.read_signal()) {
        if (*signal == ConsoleSignal::kResize) {
          (*terminal)->handle_resize();
        } else if (*signal == ConsoleSignal::kInterrupt) {
          quit = shell.request_quit((*session)->snapshot()).kind == ShellOutcome::Kind::kQuit;
        } else {
          logger.info("console", *signal == ConsoleSignal::kHangup ? "terminal hung up" : "terminated");
          quit = true;
        }
        schedule.request_now(now);
      }
    }
    if (fds[1].revents & POLLIN) {
      (*session)->drain_wakeup();
      if ((*session)->changed()) {
        schedule.request_soon(now);
      }
    }
    if (fds[0].revents & (POLLHUP | POLLERR)) {
      logger.info("console", "terminal closed");
      quit = true;
    } else if (fds[0].revents & POLLIN) {
      quit = quit || handle_keys(**terminal, shell, (*session)->snapshot(), logger);
      schedule.request_now(now);
    }
  }
  // Give the terminal back first, so the prompt returns at once; then stop the engines.
  terminal->reset();
  logger.info("console", "console closed");
  return cli::kExitOk;
}

}  // namespace opsdeck::tui::app
