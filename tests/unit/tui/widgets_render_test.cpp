// Off-screen render tests: widgets drawn into a Canvas from fixed state and compared with golden files in
// tests/unit/tui/golden/ (text, then one role letter per cell). OPSDECK_UPDATE_GOLDEN=1 rewrites them.
#include <chrono>

#include <gtest/gtest.h>

#include "tests/unit/tui/golden.hpp"
#include "tui/widgets/confirm_dialog.hpp"
#include "tui/widgets/form.hpp"
#include "tui/widgets/log_view.hpp"
#include "tui/widgets/progress_bar.hpp"
#include "tui/widgets/sparkline.hpp"
#include "tui/widgets/status_bar.hpp"
#include "tui/widgets/tab_bar.hpp"
#include "tui/widgets/table.hpp"

namespace opsdeck::tui {
namespace {

using testing::expect_golden;

Table jobs_table() {
  Table table(
      {{"ID", 4, 0, 0, Align::kRight}, {"Job", 0, 1, 8}, {"State", 9}, {"Took", 7, 0, 0, Align::kRight}});
  table.set_rows({
      {"1", {"1", "sync aws:ec2", "done", {"1:02", "62"}}, Role::kOk},
      {"2", {"2", "backup synapse (lmdb)", "running", {"0:41", "41"}}, {}},
      {"3", {"3", "crawl blocks 1-90000", "failed", {"12:07", "727"}}, Role::kCrit},
      {"4", {"4", "migrate 0012_add_index", "queued", {"", "-1"}}, Role::kMuted},
      {"10", {"10", "certs: renew 日本 host", "done", {"0:03", "3"}}, Role::kOk},
  });
  return table;
}

TEST(WidgetsRenderTest, JobsTableInABox) {
  Canvas canvas(44, 8);
  Table table = jobs_table();
  table.sort_by(3, true);
  table.select_id("2");
  canvas.box(canvas.bounds(), "Jobs " + table.count_label());
  table.render(canvas, canvas.bounds().inset(1));
  expect_golden("table_jobs", canvas);
}

TEST(WidgetsRenderTest, NarrowAsciiTableWithFilterDropsColumns) {
  Canvas canvas(26, 5);
  Table table = jobs_table();
  table.on_key(Key::character(U'/'));
  table.on_key(Key::character(U'n'));
  table.render(canvas, canvas.bounds(), kAsciiGlyphs, false);
  expect_golden("table_filter_ascii", canvas);
}

TEST(WidgetsRenderTest, ProgressBars) {
  constexpr double kGiB = 1024.0 * 1024 * 1024;
  Canvas canvas(56, 4);
  ProgressBar{1.26 * kGiB, 3.0 * kGiB, 33.9 * 1024 * 1024, 10, true}.render(canvas, Rect{0, 0, 56, 1});
  ProgressBar{3200, std::nullopt, 150, 1.2, false}.render(canvas, Rect{0, 1, 56, 1});
  ProgressBar{1.26 * kGiB, 3.0 * kGiB, 33.9 * 1024 * 1024, 10, true}.render(canvas, Rect{0, 2, 30, 1});
  ProgressBar{2, 3.0, 1, 1, false}.render(canvas, Rect{0, 3, 56, 1}, kAsciiGlyphs);
  expect_golden("progress_bars", canvas);
}

TEST(WidgetsRenderTest, SparklinesAndGraph) {
  const std::vector<double> values = {1, 3, 2, 5, 8, 13, 8, 5, 3, 2, 1, 0, 1, 2, 4, 8, 12, 16, 12, 9};
  Canvas canvas(20, 6);
  render_sparkline(canvas, Rect{0, 0, 20, 1}, values);
  render_braille_sparkline(canvas, Rect{0, 1, 10, 1}, values);
  render_sparkline(canvas, Rect{10, 1, 10, 1}, values, {}, {Role::kGraph}, kAsciiGlyphs);
  render_braille_graph(canvas, Rect{0, 2, 10, 4}, values, 0, 16);
  render_braille_graph(canvas, Rect{10, 2, 10, 4}, values, 0, 16, {Role::kGraph}, kAsciiGlyphs);
  expect_golden("sparklines", canvas);
}

TEST(WidgetsRenderTest, DestructiveConfirmDialog) {
  Canvas canvas(60, 14);
  canvas.fill(canvas.bounds(), U'.', {Role::kMuted});
  ConfirmDialog dialog("Restore backup",
                       "Restore backup 2024-05-01T03:00 of synapse over the live data? The current data is "
                       "moved aside first.",
                       "synapse");
  for (char32_t ch : std::u32string_view(U"synap")) {
    dialog.on_key(Key::character(ch));
  }
  dialog.on_key(Key::of(Key::Code::kEnter));
  dialog.render(canvas, canvas.bounds());
  expect_golden("confirm_dialog", canvas);
}

TEST(WidgetsRenderTest, FormWithAnError) {
  Canvas canvas(46, 8);
  Form form("New connection");
  form.add_field("Host", "db1.internal");
  form.add_field("Port", "33o6", [](std::string_view value) -> std::string {
    return value.find_first_not_of("0123456789") == std::string_view::npos ? "" : "not a number";
  });
  form.add_field("Password", "secret", {}, true);
  form.on_key(Key::of(Key::Code::kTab));
  form.on_key(Key::of(Key::Code::kTab));
  form.render(canvas, canvas.bounds(), kAsciiGlyphs);
  expect_golden("form", canvas);
}

TEST(WidgetsRenderTest, LogViewColoursLevels) {
  using std::chrono::seconds;
  const auto base = std::chrono::system_clock::time_point(seconds(1714532400));  // 2024-05-01 03:00:00 UTC
  const std::vector<core::LogLine> lines = {
      {base, core::LogLevel::kDebug, "stack", "mariadbd pid 4242"},
      {base + seconds(1), core::LogLevel::kInfo, "job 3", "backup of synapse started"},
      {base + seconds(61), core::LogLevel::kWarn, "metrics", "statsd port 8125 busy; using 8126"},
      {base + seconds(3600), core::LogLevel::kError, "job 3", "lmdb copy failed: No space left on device"},
  };
  Canvas canvas(60, 5);
  LogView view(true);
  view.render(canvas, canvas.bounds(), lines);
  expect_golden("log_view", canvas);

  LogView filtered(true);
  filtered.set_min_level(core::LogLevel::kWarn);
  Canvas small(40, 2);
  filtered.render(small, small.bounds(), lines);
  EXPECT_EQ(small.to_text(),
            "03:01:01 WARN  metrics: statsd port 812…\n"
            "04:00:00 ERROR job 3: lmdb copy failed:…\n");
}

TEST(WidgetsRenderTest, TabBarAndStatusBarAt80And40Columns) {
  TabBar tabs;
  tabs.set_tabs(
      {"Overview", "Jobs", "Sync", "Crawl", "Backups", "Migrations", "Certificates", "Metrics", "Logs"});
  tabs.set_active(4);
  StatusBar status{{{"q", "quit"}, {"?", "help"}, {"/", "filter"}, {"Enter", "restore"}, {"d", "delete"}},
                   "backup 7 verified",
                   Role::kOk,
                   "3 jobs"};
  Canvas wide(80, 2);
  tabs.render(wide, Rect{0, 0, 80, 1});
  status.render(wide, Rect{0, 1, 80, 1});
  Canvas narrow(40, 2);
  tabs.render(narrow, Rect{0, 0, 40, 1});
  status.render(narrow, Rect{0, 1, 40, 1});
  expect_golden("bars_80", wide);
  expect_golden("bars_40", narrow);
}

}  // namespace
}  // namespace opsdeck::tui
