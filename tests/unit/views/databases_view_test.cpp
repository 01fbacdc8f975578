// Databases view: cards with sparklines and replication, the process list of the selected MariaDB server
// with long-running statements in the warning colour, Redis keyspaces, a down server's error, and
// Left/Right moving the selection — all from synthetic snapshots drawn into a canvas.
#include "views/databases_view.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "views/database_card.hpp"

namespace opsdeck::views {
namespace {

metrics::MetricSeries series(std::string label, metrics::SeriesUnit unit, std::vector<double> values) {
  metrics::MetricSeries out{std::move(label), unit, {}};
  for (double value : values) {
    out.history.push(value);
  }
  return out;
}

metrics::ServerState primary() {
  metrics::ServerState server;
  server.name = "mariadb";
  server.endpoint = "socket /s/mariadb.sock";
  server.from_local_stack = true;
  server.checked = true;
  server.up = true;
  server.version = "10.11.19-MariaDB";
  server.uptime_seconds = 3725;
  server.mariadb = metrics::MariadbStatus{};
  server.mariadb->queries_per_second = 1520;
  server.series = {series("queries/s", metrics::SeriesUnit::kPerSecond, {100, 800, 1520}),
                   series("rows/s", metrics::SeriesUnit::kPerSecond, {0, 5, 12}),
                   series("recv/s", metrics::SeriesUnit::kBytesPerSecond, {1024, 2048}),
                   series("sent/s", metrics::SeriesUnit::kBytesPerSecond, {4096, 36 * 1024 * 1024.0}),
                   series("running", metrics::SeriesUnit::kCount, {1, 2})};
  server.replication.role = "primary";
  server.replication.replicas_connected = 1;
  metrics::ProcessEntry slow{42, "app", "localhost", "shop", "Query", 12.5, "User sleep", "SELECT SLEEP(30)"};
  metrics::ProcessEntry quick{43, "app", "localhost", "shop", "Query", 0.2, "Sending data", "SELECT 1"};
  metrics::ProcessEntry idle{44, "app", "localhost", "shop", "Sleep", 300, "", ""};
  server.processes = {slow, quick, idle};
  return server;
}

metrics::ServerState replica() {
  metrics::ServerState server;
  server.name = "replica1";
  server.role_hint = "replica";
  server.endpoint = "db2:3306";
  server.checked = true;
  server.up = true;
  server.version = "10.11.19-MariaDB";
  server.mariadb = metrics::MariadbStatus{};
  server.series = {series("queries/s", metrics::SeriesUnit::kPerSecond, {3, 4}),
                   series("lag", metrics::SeriesUnit::kSeconds, {0, 7})};
  server.replication.role = "replica";
  server.replication.source = "db1:3306";
  server.replication.io_running = true;
  server.replication.sql_running = true;
  server.replication.lag_seconds = 7;
  return server;
}

metrics::ServerState redis_down() {
  metrics::ServerState server;
  server.name = "redis";
  server.kind = metrics::ServerKind::kRedis;
  server.endpoint = "127.0.0.1:6379";
  server.checked = true;
  server.up = false;
  server.error = "redis at 127.0.0.1:6379: Connection refused";
  server.retry_in = std::chrono::milliseconds(4000);
  return server;
}

tui::Snapshot snapshot_of(std::vector<metrics::ServerState> servers) {
  tui::Snapshot snapshot;
  metrics::ServersSnapshot published;
  published.servers = std::move(servers);
  snapshot.servers = std::make_shared<const metrics::ServersSnapshot>(std::move(published));
  return snapshot;
}

int row_of(const std::string& text, std::string_view needle) {
  auto at = text.find(needle);
  return at == std::string::npos
             ? -1
             : static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

bool row_has_role(const tui::Canvas& canvas, int row, tui::Role role) {
  for (int x = 0; x < canvas.width(); ++x) {
    if (canvas.at(x, row).role == role && canvas.at(x, row).ch != U' ') {
      return true;
    }
  }
  return false;
}

TEST(DatabasesViewTest, CardsShowRatesSparklinesAndReplication) {
  DatabasesView view;
  tui::Canvas canvas(140, 30);
  view.render(snapshot_of({primary(), replica(), redis_down()}), canvas);
  std::string text = canvas.to_text();
  EXPECT_NE(text.find("mariadb (local stack)"), std::string::npos) << text;
  EXPECT_NE(text.find("● up"), std::string::npos) << text;
  EXPECT_NE(text.find("10.11.19-MariaDB  up 1h 02m"), std::string::npos) << text;
  EXPECT_NE(text.find("queries/s 1.5k/s"), std::string::npos) << text;
  EXPECT_NE(text.find("sent/s    36.0 MiB/s"), std::string::npos) << text;
  EXPECT_NE(text.find("primary, 1 replica"), std::string::npos) << text;
  // The queries/s sparkline ends in a full block (1520 is the maximum).
  int queries_row = row_of(text, "queries/s 1.5k/s");
  bool full_block = false;
  for (int x = 0; x < canvas.width(); ++x) {
    full_block = full_block || canvas.at(x, queries_row).ch == U'█';
  }
  EXPECT_TRUE(full_block) << text;
  EXPECT_NE(text.find("replica1 [replica]"), std::string::npos) << text;
  EXPECT_NE(text.find("replica of db1:3306, lag 7 s"), std::string::npos) << text;
  EXPECT_TRUE(row_has_role(canvas, row_of(text, "replica of db1:3306"), tui::Role::kWarn));
  EXPECT_NE(text.find("✖ DOWN"), std::string::npos) << text;
  EXPECT_NE(text.find("redis at 127.0.0.1:6379: Connection"), std::string::npos) << text;
  EXPECT_NE(text.find("refused"), std::string::npos) << text;
  EXPECT_NE(text.find("retrying in 0:04"), std::string::npos) << text;
}

TEST(DatabasesViewTest, ProcessListHighlightsLongRunningStatements) {
  DatabasesView view(10);
  tui::Canvas canvas(120, 30);
  view.render(snapshot_of({primary(), redis_down()}), canvas);
  std::string text = canvas.to_text();
  EXPECT_NE(text.find("Processes on mariadb"), std::string::npos) << text;
  int slow = row_of(text, "SELECT SLEEP(30)");
  int quick = row_of(text, "SELECT 1");
  ASSERT_GE(slow, 0) << text;
  ASSERT_GE(quick, 0) << text;
  EXPECT_LT(slow, quick) << "longest-running first\n" << text;
  EXPECT_NE(text.find("12 s"), std::string::npos) << text;
  // On the first row, but not drawn as selected until the user moves in the table: the warning shows.
  EXPECT_TRUE(row_has_role(canvas, slow, tui::Role::kWarn)) << canvas.roles_to_text();
  EXPECT_FALSE(row_has_role(canvas, quick, tui::Role::kWarn));
  // A sleeping connection is not a long-running statement, however long it has been idle.
  EXPECT_FALSE(row_has_role(canvas, row_of(text, "Sleep"), tui::Role::kWarn));
  // Once the user moves, the selection colour follows the selected row.
  view.on_key(tui::Key{tui::Key::Code::kDown}, snapshot_of({primary(), redis_down()}));
  canvas.clear();
  view.render(snapshot_of({primary(), redis_down()}), canvas);
  EXPECT_TRUE(row_has_role(canvas, quick, tui::Role::kSelection)) << canvas.roles_to_text();
  EXPECT_TRUE(row_has_role(canvas, slow, tui::Role::kWarn));
}

TEST(DatabasesViewTest, ArrowsSelectTheServerWhoseDetailIsShown) {
  DatabasesView view;
  auto redis = redis_down();
  redis.up = true;
  redis.error.clear();
  redis.redis = metrics::RedisStatus{};
  redis.redis->keyspaces = {{0, 1234, 5}, {3, 7, 0}};
  redis.replication.role = "primary";
  auto snapshot = snapshot_of({primary(), redis});
  tui::Canvas canvas(120, 30);
  view.render(snapshot, canvas);
  EXPECT_NE(canvas.to_text().find("Processes on mariadb"), std::string::npos);
  EXPECT_EQ(view.on_key(tui::Key{tui::Key::Code::kRight}, snapshot).kind, tui::HandleResult::Kind::kRedraw);
  canvas.clear();
  view.render(snapshot, canvas);
  std::string text = canvas.to_text();
  EXPECT_NE(text.find("Keyspaces on redis"), std::string::npos) << text;
  EXPECT_NE(text.find("1234"), std::string::npos) << text;
  EXPECT_NE(text.find("db3"), std::string::npos) << text;
  // Right again wraps around to the first server.
  view.on_key(tui::Key{tui::Key::Code::kRight}, snapshot);
  canvas.clear();
  view.render(snapshot, canvas);
  EXPECT_NE(canvas.to_text().find("Processes on mariadb"), std::string::npos);
}

TEST(DatabasesViewTest, DownServerDetailSaysWhy) {
  DatabasesView view;
  auto snapshot = snapshot_of({redis_down()});
  tui::Canvas canvas(100, 24);
  view.render(snapshot, canvas);
  EXPECT_NE(canvas.to_text().find("redis is down: redis at 127.0.0.1:6379: Connection refused"),
            std::string::npos)
      << canvas.to_text();
}

TEST(DatabasesViewTest, NoServersSaysHowToGetSome) {
  DatabasesView view;
  tui::Canvas canvas(100, 24);
  view.render(snapshot_of({}), canvas);
  EXPECT_NE(canvas.to_text().find("no servers to watch"), std::string::npos);
}

TEST(DatabasesViewTest, AsciiModeUsesNoUnicode) {
  DatabasesView view;
  auto snapshot = snapshot_of({primary(), replica(), redis_down()});
  snapshot.ascii = true;
  tui::Canvas canvas(60, 40);  // one card per row
  view.render(snapshot, canvas);
  for (int y = 0; y < canvas.height(); ++y) {
    for (int x = 0; x < canvas.width(); ++x) {
      EXPECT_LT(canvas.at(x, y).ch, 0x80u) << "at " << x << "," << y << "\n" << canvas.to_text();
    }
  }
}

TEST(DatabasesViewTest, FormatsSeriesValues) {
  EXPECT_EQ(format_series_value(0.998, metrics::SeriesUnit::kRatio), "99.8%");
  EXPECT_EQ(format_series_value(std::nan(""), metrics::SeriesUnit::kPerSecond), "-");
  EXPECT_EQ(format_series_value(3, metrics::SeriesUnit::kSeconds), "3 s");
  EXPECT_EQ(format_series_value(2048, metrics::SeriesUnit::kBytes), "2.0 KiB");
}

TEST(DatabasesViewTest, MultiSourceReplicaNamesEachConnection) {
  metrics::ReplicationState replication;
  replication.role = "replica";
  replication.source = "db1:3306";
  replication.channels.push_back({"east", "db1:3306", "Waiting for master to send event", true, true, 0, ""});
  replication.channels.push_back({"west", "db2:3306", "", false, true, std::nullopt, ""});
  EXPECT_EQ(replication_summary(replication),
            "replica of 2 sources: east db1:3306, lag 0 s; west db2:3306, IO stopped, lag -");
  replication.channels.pop_back();  // one connection: the plain form
  replication.io_running = replication.sql_running = true;
  replication.lag_seconds = 0;
  EXPECT_EQ(replication_summary(replication), "replica of db1:3306, lag 0 s");
}

}  // namespace
}  // namespace opsdeck::views
