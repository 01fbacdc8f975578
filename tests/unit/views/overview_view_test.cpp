// Overview: server cards (up, down with error and retry, not yet checked), the stack line and jobs, drawn
// from a fixed snapshot into an 80-column canvas.
#include "views/overview_view.hpp"

#include <gtest/gtest.h>

namespace opsdeck::views {
namespace {

tui::Snapshot sample_snapshot() {
  tui::Snapshot snapshot;
  metrics::ServersSnapshot servers;
  metrics::ServerState mariadb;
  mariadb.name = "mariadb";
  mariadb.endpoint = "socket /s/mariadb.sock";
  mariadb.from_local_stack = true;
  mariadb.checked = true;
  mariadb.up = true;
  mariadb.version = "10.11.19-MariaDB";
  mariadb.uptime_seconds = 3725;
  mariadb.connections = 3;
  mariadb.operations_per_second = 1520;
  metrics::ServerState redis;
  redis.name = "redis";
  redis.kind = metrics::ServerKind::kRedis;
  redis.endpoint = "127.0.0.1:6379";
  redis.checked = true;
  redis.up = false;
  redis.error = "redis at 127.0.0.1:6379: Connection refused";
  redis.retry_in = std::chrono::milliseconds(4000);
  servers.servers = {mariadb, redis};
  snapshot.servers = std::make_shared<const metrics::ServersSnapshot>(servers);

  core::JobsSnapshot jobs;
  core::JobInfo running;
  running.id = 2;
  running.name = "stack up";
  running.state = core::JobState::kRunning;
  running.message = "starting mariadbd";
  core::JobInfo failed;
  failed.id = 1;
  failed.name = "stack up";
  failed.state = core::JobState::kFailed;
  failed.error = "mariadbd not found";
  jobs.jobs = {running, failed};
  snapshot.jobs = std::make_shared<const core::JobsSnapshot>(jobs);

  tui::SessionInfo session;
  session.local_stack = true;
  session.state_dir = "/var/lib/ops";
  snapshot.session = std::make_shared<const tui::SessionInfo>(session);
  return snapshot;
}

TEST(OverviewViewTest, ShowsEachServerStateAndTheJobs) {
  OverviewView view;
  tui::Canvas canvas(80, 21);
  view.render(sample_snapshot(), canvas);
  std::string text = canvas.to_text();
  EXPECT_NE(text.find("mariadb (local stack)"), std::string::npos) << text;
  EXPECT_NE(text.find("● up"), std::string::npos) << text;
  EXPECT_NE(text.find("10.11.19-MariaDB"), std::string::npos) << text;
  EXPECT_NE(text.find("1h 02m"), std::string::npos) << text;
  EXPECT_NE(text.find("1.5k"), std::string::npos) << text;
  EXPECT_NE(text.find("✖ DOWN"), std::string::npos) << text;
  EXPECT_NE(text.find("redis at 127.0.0.1:6379: Connection"), std::string::npos) << text;
  EXPECT_NE(text.find("refused"), std::string::npos) << text;
  EXPECT_NE(text.find("retrying in 0:04"), std::string::npos) << text;
  EXPECT_NE(text.find("Local stack under /var/lib/ops/stack"), std::string::npos) << text;
  EXPECT_NE(text.find("#2 stack up"), std::string::npos) << text;
  EXPECT_NE(text.find("starting mariadbd"), std::string::npos) << text;
  EXPECT_NE(text.find("mariadbd not found"), std::string::npos) << text;
}

TEST(OverviewViewTest, DownIsCriticalInColourToo) {
  OverviewView view;
  tui::Canvas canvas(80, 21);
  view.render(sample_snapshot(), canvas);
  std::string text = canvas.to_text();
  auto row =
      static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(text.find("DOWN")), '\n'));
  bool crit = false;
  for (int x = 0; x < canvas.width(); ++x) {
    crit = crit || (canvas.at(x, row).ch == U'D' && canvas.at(x, row).role == tui::Role::kCrit);
  }
  EXPECT_TRUE(crit);
}

TEST(OverviewViewTest, AsciiModeUsesNoUnicode) {
  OverviewView view;
  auto snapshot = sample_snapshot();
  snapshot.ascii = true;
  tui::Canvas canvas(60, 30);  // narrow: cards stack
  view.render(snapshot, canvas);
  for (int y = 0; y < canvas.height(); ++y) {
    for (int x = 0; x < canvas.width(); ++x) {
      EXPECT_LT(canvas.at(x, y).ch, 0x80u) << "at " << x << "," << y << "\n" << canvas.to_text();
    }
  }
  EXPECT_NE(canvas.to_text().find("x DOWN"), std::string::npos);
}

TEST(OverviewViewTest, FormatsUptimeForPeople) {
  EXPECT_EQ(format_uptime(42), "42s");
  EXPECT_EQ(format_uptime(750), "12m 30s");
  EXPECT_EQ(format_uptime(7500), "2h 05m");
  EXPECT_EQ(format_uptime(3 * 86400 + 4 * 3600 + 5), "3d 4h");
  EXPECT_EQ(format_uptime(-1), "-");
}

}  // namespace
}  // namespace opsdeck::views
