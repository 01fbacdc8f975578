// ConsoleShell: global keys, view switching, palette commands, help and the quit confirmation, checked on
// the frame it renders (as text) and on the outcomes it returns.
#include "tui/app/console_shell.hpp"

#include <gtest/gtest.h>

#include "views/jobs_view.hpp"
#include "views/overview_view.hpp"

namespace opsdeck::tui::app {
namespace {

class ConsoleShellTest : public ::testing::Test {
 protected:
  ConsoleShellTest() {
    std::vector<std::unique_ptr<View>> views;
    views.push_back(std::make_unique<views::OverviewView>());
    views.push_back(std::make_unique<views::JobsView>());
    shell_ = std::make_unique<ConsoleShell>(
        std::move(views),
        [this](const Command& command) {
          commands_.push_back(command);
          return std::string();
        },
        std::vector<std::string>{"dark", "light"});
    SessionInfo info;
    info.local_stack = true;
    info.state_dir = "/tmp/opsdeck-state";
    info.version = "0.1.0";
    snapshot_.session = std::make_shared<const SessionInfo>(info);
  }

  std::string frame(int width = 80, int height = 24) {
    Canvas canvas(width, height);
    shell_->render(snapshot_, canvas);
    return canvas.to_text();
  }
  ShellOutcome press(Key key) { return shell_->on_key(key, snapshot_); }
  ShellOutcome press(char c) { return press(Key::character(static_cast<char32_t>(c))); }
  void set_running_job() {
    core::JobsSnapshot jobs;
    core::JobInfo job;
    job.id = 7;
    job.name = "stack up";
    job.state = core::JobState::kRunning;
    jobs.jobs.push_back(job);
    snapshot_.jobs = std::make_shared<const core::JobsSnapshot>(jobs);
  }

  Snapshot snapshot_;
  std::vector<Command> commands_;
  std::unique_ptr<ConsoleShell> shell_;
};

TEST_F(ConsoleShellTest, DrawsHeaderTabsAndStatusBarAt80x24) {
  std::string text = frame();
  EXPECT_NE(text.find("opsdeck 0.1.0"), std::string::npos) << text;
  EXPECT_NE(text.find("local stack"), std::string::npos) << text;
  EXPECT_NE(text.find("1 Overview"), std::string::npos) << text;
  EXPECT_NE(text.find("2 Jobs"), std::string::npos) << text;
  EXPECT_NE(text.find("quit"), std::string::npos) << text;
}

TEST_F(ConsoleShellTest, NumberKeysAndTabSwitchViews) {
  EXPECT_EQ(shell_->active_view(), 0u);
  press('2');
  EXPECT_EQ(shell_->view(shell_->active_view()).id(), "jobs");
  press(Key::of(Key::Code::kTab));
  EXPECT_EQ(shell_->view(shell_->active_view()).id(), "overview");
  press(Key::of(Key::Code::kBackTab));
  EXPECT_EQ(shell_->view(shell_->active_view()).id(), "jobs");
  press('9');  // no ninth view: ignored
  EXPECT_EQ(shell_->view(shell_->active_view()).id(), "jobs");
}

TEST_F(ConsoleShellTest, PaletteSwitchesViewsAndReportsUnknownCommands) {
  press(':');
  for (char c : std::string("jobs")) {
    press(c);
  }
  press(Key::of(Key::Code::kEnter));
  EXPECT_EQ(shell_->view(shell_->active_view()).id(), "jobs");

  press(':');
  for (char c : std::string("nope")) {
    press(c);
  }
  press(Key::of(Key::Code::kEnter));
  EXPECT_NE(frame().find("unknown command 'nope'"), std::string::npos);
}

TEST_F(ConsoleShellTest, PaletteThemeCommandAsksTheConsoleToChangeTheme) {
  press(':');
  for (char c : std::string("theme light")) {
    press(c);
  }
  auto outcome = press(Key::of(Key::Code::kEnter));
  EXPECT_EQ(outcome.kind, ShellOutcome::Kind::kChangeTheme);
  EXPECT_EQ(outcome.argument, "light");
}

TEST_F(ConsoleShellTest, PaletteRunsViewActions) {
  press(':');
  for (char c : std::string("stack.up")) {
    press(c);
  }
  press(Key::of(Key::Code::kEnter));
  ASSERT_EQ(commands_.size(), 1u);
  EXPECT_EQ(commands_[0].name, "stack.up");
}

TEST_F(ConsoleShellTest, HelpShowsTheViewsKeysAndAnyKeyClosesIt) {
  press('?');
  std::string text = frame();
  EXPECT_NE(text.find("Help: Overview"), std::string::npos) << text;
  EXPECT_NE(text.find("start local stack"), std::string::npos) << text;
  EXPECT_NE(text.find("command palette"), std::string::npos) << text;
  EXPECT_EQ(press('q').kind, ShellOutcome::Kind::kRedraw) << "q closes help, it does not quit";
  EXPECT_EQ(frame().find("Help: Overview"), std::string::npos);
}

TEST_F(ConsoleShellTest, QuitIsImmediateWithoutJobs) {
  EXPECT_EQ(press('q').kind, ShellOutcome::Kind::kQuit);
}

TEST_F(ConsoleShellTest, QuitAsksFirstWhileJobsRun) {
  set_running_job();
  EXPECT_EQ(press('q').kind, ShellOutcome::Kind::kRedraw);
  EXPECT_NE(frame().find("1 job still running"), std::string::npos) << frame();
  EXPECT_EQ(press('n').kind, ShellOutcome::Kind::kRedraw);
  EXPECT_EQ(frame().find("still running"), std::string::npos);
  press('q');
  EXPECT_EQ(press('y').kind, ShellOutcome::Kind::kQuit);
}

TEST_F(ConsoleShellTest, ViewKeysReachTheActiveView) {
  press('u');
  ASSERT_EQ(commands_.size(), 1u);
  EXPECT_EQ(commands_[0].name, "stack.up");
  press('j');
  EXPECT_EQ(shell_->view(shell_->active_view()).id(), "jobs");
}

TEST_F(ConsoleShellTest, ATinyTerminalGetsAMessageNotACrash) {
  std::string text = frame(20, 3);
  EXPECT_NE(text.find("too small"), std::string::npos);
  frame(1, 1);
}

}  // namespace
}  // namespace opsdeck::tui::app
