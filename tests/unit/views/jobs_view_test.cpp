// Jobs view: the table of jobs, the selected job's progress, the log ring, and cancel sent as a command.
#include "views/jobs_view.hpp"

#include <gtest/gtest.h>

namespace opsdeck::views {
namespace {

tui::Snapshot sample_snapshot() {
  tui::Snapshot snapshot;
  core::JobsSnapshot jobs;
  core::JobInfo copy;
  copy.id = 3;
  copy.name = "backup /srv/data";
  copy.state = core::JobState::kRunning;
  copy.progress = {
      512.0 * 1024 * 1024, 1024.0 * 1024 * 1024, "bytes", 64.0 * 1024 * 1024, 8,
  };
  copy.elapsed_seconds = 8;
  core::JobInfo done;
  done.id = 1;
  done.name = "stack up";
  done.state = core::JobState::kSucceeded;
  done.result = "mariadb up, redis up";
  jobs.jobs = {copy, done};
  snapshot.jobs = std::make_shared<const core::JobsSnapshot>(jobs);
  core::LogSnapshot logs;
  logs.lines.push_back({std::chrono::system_clock::now(), core::LogLevel::kWarn, "poller", "redis is down"});
  logs.total = 1;
  snapshot.logs = std::make_shared<const core::LogSnapshot>(logs);
  return snapshot;
}

TEST(JobsViewTest, ListsJobsWithProgressAndTheLog) {
  JobsView view;
  tui::Canvas canvas(100, 21);
  view.render(sample_snapshot(), canvas);
  std::string text = canvas.to_text();
  EXPECT_NE(text.find("backup /srv/data"), std::string::npos) << text;
  EXPECT_NE(text.find("50%"), std::string::npos) << text;
  EXPECT_NE(text.find("64.0 MiB/s"), std::string::npos) << text;
  EXPECT_NE(text.find("succeeded"), std::string::npos) << text;
  EXPECT_NE(text.find("mariadb up, redis up"), std::string::npos) << text;
  EXPECT_NE(text.find("redis is down"), std::string::npos) << text;
}

TEST(JobsViewTest, CancelSendsTheSelectedJobId) {
  JobsView view;
  auto snapshot = sample_snapshot();
  tui::Canvas canvas(100, 21);
  view.render(snapshot, canvas);
  auto result = view.on_key(tui::Key::character(U'c'), snapshot);
  ASSERT_EQ(result.kind, tui::HandleResult::Kind::kRunCommand);
  EXPECT_EQ(result.command.name, "jobs.cancel");
  ASSERT_EQ(result.command.args.size(), 1u);
  EXPECT_EQ(result.command.args[0], "3");
}

TEST(JobsViewTest, FilteringCapturesKeysUntilEnter) {
  JobsView view;
  auto snapshot = sample_snapshot();
  tui::Canvas canvas(100, 21);
  view.render(snapshot, canvas);
  view.on_key(tui::Key::character(U'/'), snapshot);
  EXPECT_TRUE(view.capturing_input());
  for (char c : std::string("stack")) {
    view.on_key(tui::Key::character(static_cast<char32_t>(c)), snapshot);
  }
  view.on_key(tui::Key::of(tui::Key::Code::kEnter), snapshot);
  EXPECT_FALSE(view.capturing_input());
  tui::Canvas filtered(100, 21);
  view.render(snapshot, filtered);
  std::string text = filtered.to_text();
  EXPECT_EQ(text.find("backup /srv/data"), std::string::npos) << text;
  EXPECT_NE(text.find("1 of 2"), std::string::npos) << text;
}

}  // namespace
}  // namespace opsdeck::views
