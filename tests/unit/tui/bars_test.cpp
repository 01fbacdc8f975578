// TabBar fitting and key mapping, StatusBar hint dropping, LogView follow/scroll.
#include <gtest/gtest.h>

#include "tui/widgets/log_view.hpp"
#include "tui/widgets/status_bar.hpp"
#include "tui/widgets/tab_bar.hpp"

namespace opsdeck::tui {
namespace {

TEST(TabBarTest, LabelsAreNumberedAndShortenedToFit) {
  TabBar tabs;
  tabs.set_tabs({"Overview", "Jobs", "Backups"});
  EXPECT_EQ(tabs.fitted_labels(80), (std::vector<std::string>{"1 Overview", "2 Jobs", "3 Backups"}));
  tabs.set_active(2);
  // 3 tabs take 12 columns of padding and numbers; 14 left: the active Backups keeps 7, the others share 7.
  EXPECT_EQ(tabs.fitted_labels(26), (std::vector<std::string>{"1 Ove…", "2 Jo…", "3 Backups"}));
  EXPECT_EQ(tabs.fitted_labels(30), (std::vector<std::string>{"1 Overvi…", "2 Jobs", "3 Backups"}));
  EXPECT_EQ(tabs.fitted_labels(19), (std::vector<std::string>{"1", "2", "3 Backups"}));
  EXPECT_EQ(tabs.tab_for_key(Key::character(U'2')), 1u);
  EXPECT_FALSE(tabs.tab_for_key(Key::character(U'4')).has_value());
  EXPECT_FALSE(tabs.tab_for_key(Key::character(U'x')).has_value());
}

TEST(StatusBarTest, DropsHintsThatDoNotFitLastFirst) {
  StatusBar bar{{{"q", "quit"}, {"?", "help"}, {"/", "filter"}}, "", Role::kStatusBar, ""};
  EXPECT_EQ(bar.fitted_hints(80).size(), 3u);
  EXPECT_EQ(bar.fitted_hints(18).size(), 2u);  // "q quit  ? help" is 14 + margins
  bar.message = "connection lost";
  EXPECT_EQ(bar.fitted_hints(30).size(), 1u);
  Canvas canvas(30, 1);
  bar.right = "12:00";
  bar.render(canvas, canvas.bounds());
  // With the right text there is no room left for any hint.
  EXPECT_EQ(canvas.to_text(), " connection lost" + std::string(8, ' ') + "12:00 \n");
}

TEST(LogViewTest, FollowsTheTailUntilScrolledUp) {
  std::vector<core::LogLine> lines;
  for (int i = 0; i < 20; ++i) {
    lines.push_back({{}, core::LogLevel::kInfo, "", "line " + std::to_string(i)});
  }
  LogView view(true);
  Canvas canvas(30, 3);
  view.render(canvas, canvas.bounds(), lines);
  EXPECT_NE(canvas.to_text().find("line 19"), std::string::npos);
  view.on_key(Key::of(Key::Code::kUp));
  canvas.clear();
  view.render(canvas, canvas.bounds(), lines);
  EXPECT_FALSE(view.following());
  EXPECT_NE(canvas.to_text().find("line 16"), std::string::npos);
  EXPECT_EQ(canvas.to_text().find("line 19"), std::string::npos);
  lines.push_back({{}, core::LogLevel::kInfo, "", "line 20"});
  canvas.clear();
  view.render(canvas, canvas.bounds(), lines);  // scrolled: new lines do not move the view
  EXPECT_NE(canvas.to_text().find("line 16"), std::string::npos);
  view.on_key(Key::of(Key::Code::kDown));
  view.on_key(Key::of(Key::Code::kDown));
  canvas.clear();
  view.render(canvas, canvas.bounds(), lines);
  EXPECT_TRUE(view.following());  // back at the bottom
  view.on_key(Key::character(U'g'));
  canvas.clear();
  view.render(canvas, canvas.bounds(), lines);
  EXPECT_NE(canvas.to_text().find("line 0"), std::string::npos);
  view.on_key(Key::of(Key::Code::kEnd));
  EXPECT_TRUE(view.following());
}

}  // namespace
}  // namespace opsdeck::tui
