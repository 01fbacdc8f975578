// The console's frame in a real terminal (tmux): header, tab bar, Overview and status bar at 120x40 and
// 80x24, the local stack coming up on the Overview, and a resize redrawing every row for the new size.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "tests/support/console_session.hpp"
#include "tui/canvas/canvas.hpp"

namespace opsdeck::testing {
namespace {

// Columns of `glyph` in a screen row (code points; every glyph the Overview draws is one column wide).
std::set<int> columns_of(const std::string& row, char32_t glyph) {
  std::set<int> columns;
  std::u32string text = tui::decode_utf8(row);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == glyph) {
      columns.insert(static_cast<int>(i));
    }
  }
  return columns;
}

// What is wrong with an Overview frame of `width` x `height` with both server cards side by side (empty when
// nothing is). A frame left over from another size shows up as borders in the wrong columns or rows.
std::string overview_problems(const std::string& screen, int width, int height) {
  std::vector<std::string> rows;
  std::size_t start = 0;
  for (std::size_t end = screen.find('\n'); end != std::string::npos; end = screen.find('\n', start)) {
    rows.push_back(screen.substr(start, end - start));
    start = end + 1;
  }
  if (static_cast<int>(rows.size()) != height) {
    return "expected " + std::to_string(height) + " rows, got " + std::to_string(rows.size());
  }
  const int half = width / 2;
  // The header's right text ends one column before the edge: it was laid out for this width.
  if (!rows[0].starts_with(" opsdeck 0.1.0") || tui::display_width(rows[0]) != width - 1 ||
      !(rows[0].ends_with("local stack") || rows[0].ends_with("running"))) {
    return "row 0 is not the header laid out for " + std::to_string(width) + " columns: '" + rows[0] + "'";
  }
  if (rows[1].find("1 Overview") == std::string::npos || rows[1].find("2 Jobs") == std::string::npos) {
    return "row 1 is not the tab bar: '" + rows[1] + "'";
  }
  if (rows[height - 1].find("q quit") == std::string::npos) {
    return "the last row is not the status bar: '" + rows[height - 1] + "'";
  }
  // Server cards: rows 2..8, split at the middle of this width, nothing drawn at the old split.
  if (columns_of(rows[2], U'┌') != std::set<int>{0, half} ||
      columns_of(rows[2], U'┐') != std::set<int>{half - 1, width - 1}) {
    return "row 2 is not the two cards' top borders for " + std::to_string(width) + " columns: '" + rows[2] +
           "'";
  }
  for (int y = 3; y < 8; ++y) {
    if (columns_of(rows[static_cast<std::size_t>(y)], U'│') != std::set<int>{0, half - 1, half, width - 1}) {
      return "row " + std::to_string(y) + " has card borders in other columns than 0, " +
             std::to_string(half - 1) + ", " + std::to_string(half) + ", " + std::to_string(width - 1) +
             ": '" + rows[static_cast<std::size_t>(y)] + "'";
    }
  }
  // The Jobs box ends on the row above the status bar, across the whole width.
  const auto& last_box_row = rows[static_cast<std::size_t>(height - 2)];
  if (columns_of(last_box_row, U'└') != std::set<int>{0} ||
      columns_of(last_box_row, U'┘') != std::set<int>{width - 1}) {
    return "row " + std::to_string(height - 2) + " is not the Jobs box's bottom border: '" + last_box_row +
           "'";
  }
  return {};
}

::testing::AssertionResult wait_for_overview_layout(const ConsoleSession& console, int width, int height) {
  std::string problem;
  auto laid_out = console.wait_until(
      "the Overview laid out for " + std::to_string(width) + "x" + std::to_string(height),
      [&](const std::string& screen) {
        problem = overview_problems(screen, width, height);
        return problem.empty();
      },
      kDrawTimeout);
  if (!laid_out) {
    return laid_out << "\nlast problem: " << problem;
  }
  return laid_out;
}

TEST(ConsoleLayoutTest, DrawsHeaderTabsOverviewAndStatusBarAt120x40) {
  ConsoleSession console(ConsoleOptions::sized(120, 40));
  ASSERT_TRUE(console.wait_drawn());
  EXPECT_EQ(console.format("#{pane_width}x#{pane_height}"), "120x40");
  ASSERT_TRUE(console.wait_for("mariadb (local stack)", kDrawTimeout));
  EXPECT_TRUE(console.wait_for("redis (local stack)", kDrawTimeout));
  EXPECT_TRUE(
      console.wait_for("Local stack under " + (console_state_dir() / "stack").string(), kDrawTimeout));
  EXPECT_TRUE(console.wait_for("─ Jobs ", kDrawTimeout));
  EXPECT_TRUE(console.wait_for("stack up", kDrawTimeout)) << "the Jobs box lists the console's stack-up job";
  EXPECT_TRUE(wait_for_overview_layout(console, 120, 40));
}

TEST(ConsoleLayoutTest, DrawsHeaderTabsOverviewAndStatusBarAt80x24) {
  ConsoleSession console(ConsoleOptions::sized(80, 24));
  ASSERT_TRUE(console.wait_drawn());
  EXPECT_EQ(console.format("#{pane_width}x#{pane_height}"), "80x24");
  EXPECT_TRUE(wait_for_overview_layout(console, 80, 24));
}

// The one test that watches the console start the stack itself: stopped with the CLI, then the console's
// "stack up" job starts mariadbd and redis-server and the cards turn "● up". It waits for the job to end, so
// the next test never finds a half-started stack.
TEST(ConsoleLayoutTest, ConsoleStartsAStoppedLocalStackAndBothServersComeUp) {
  ASSERT_TRUE(ensure_stack_up());
  ASSERT_TRUE(stop_stack());
  ConsoleSession console(ConsoleOptions::sized(120, 40).on_a_stopped_stack());
  ASSERT_TRUE(console.wait_drawn());
  EXPECT_TRUE(console.wait_for("stack up", kDrawTimeout)) << "the console queues its stack-up job";
  ASSERT_TRUE(console.wait_servers_up());
  ASSERT_TRUE(console.wait_idle()) << "the stack-up job finishes once both servers answer";
  std::string screen = console.capture();
  EXPECT_EQ(count_occurrences(screen, "version "), 2u) << screen;
  EXPECT_NE(screen.find("MariaDB"), std::string::npos) << screen;
  EXPECT_EQ(count_occurrences(screen, "uptime "), 2u) << screen;
  EXPECT_EQ(count_occurrences(screen, "ops/s"), 2u) << screen;
  EXPECT_EQ(screen.find("DOWN"), std::string::npos) << screen;
  EXPECT_NE(screen.find("succeeded"), std::string::npos) << "the Jobs box shows the job succeeded\n"
                                                         << screen;
  ASSERT_TRUE(ensure_stack_up()) << "the CLI agrees the stack is up";
}

TEST(ConsoleLayoutTest, ShrinkingFrom120x40To80x24RedrawsEveryRow) {
  ConsoleSession console(ConsoleOptions::sized(120, 40));
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(console.wait_servers_up());
  ASSERT_TRUE(wait_for_overview_layout(console, 120, 40));

  console.resize(80, 24);
  EXPECT_EQ(console.format("#{pane_width}x#{pane_height}"), "80x24");
  EXPECT_TRUE(wait_for_overview_layout(console, 80, 24));

  // And back: the rows the small frame never drew must not stay blank or stale.
  console.resize(120, 40);
  EXPECT_TRUE(wait_for_overview_layout(console, 120, 40));
}

}  // namespace
}  // namespace opsdeck::testing
