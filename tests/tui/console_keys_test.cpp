// Keys typed into the real console: view switching (number keys, Tab, the `:` palette), palette completion,
// and the `?` help overlay.
#include <gtest/gtest.h>

#include <iterator>
#include <regex>
#include <string>

#include "tests/support/console_session.hpp"

namespace opsdeck::testing {
namespace {

// What only each view draws: the Overview's server cards, the Jobs view's table header and log box.
bool overview_shown(const std::string& screen) {
  return screen.find("mariadb (local stack)") != std::string::npos &&
         screen.find("elapsed") == std::string::npos;
}
bool jobs_shown(const std::string& screen) {
  return screen.find("elapsed") != std::string::npos && screen.find("─ Log") != std::string::npos &&
         screen.find("(local stack)") == std::string::npos;
}

// Tabs in the tab bar row: "1 Overview  2 Jobs  3 …" (narrow terminals shorten titles, never numbers).
int tab_count(const std::string& tab_row) {
  static const std::regex kTab("(^|\\s)[1-9] \\S");
  return static_cast<int>(
      std::distance(std::sregex_iterator(tab_row.begin(), tab_row.end(), kTab), std::sregex_iterator()));
}

std::string last_row(const std::string& screen) {
  std::string trimmed = screen.substr(0, screen.find_last_not_of('\n') + 1);
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

class ConsoleKeysTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(console_.wait_drawn()); }

  ConsoleSession console_{ConsoleOptions::sized(120, 40)};
};

TEST_F(ConsoleKeysTest, NumberKeysAndTabSwitchViews) {
  ASSERT_TRUE(console_.wait_until("the Overview", overview_shown, kDrawTimeout));
  console_.send_keys({"2"});
  ASSERT_TRUE(console_.wait_until("the Jobs view after 2", jobs_shown, kDrawTimeout));
  console_.send_keys({"1"});
  ASSERT_TRUE(console_.wait_until("the Overview after 1", overview_shown, kDrawTimeout));
  console_.send_keys({"Tab"});
  ASSERT_TRUE(console_.wait_until("the Jobs view after Tab", jobs_shown, kDrawTimeout));
  // Tab from the last view wraps around to the first, however many views there are.
  const int tabs = tab_count(console_.rows().at(1));
  ASSERT_GE(tabs, 2) << console_.capture();
  for (int i = 2; i < tabs; ++i) {
    console_.send_keys({"Tab"});
  }
  if (tabs > 2) {
    ASSERT_TRUE(console_.wait_until(
        "the last view",
        [](const std::string& screen) { return !overview_shown(screen) && !jobs_shown(screen); },
        kDrawTimeout))
        << "with " << tabs << " tabs";
  }
  console_.send_keys({"Tab"});
  EXPECT_TRUE(console_.wait_until("the Overview after Tab wraps around", overview_shown, kDrawTimeout));
}

TEST_F(ConsoleKeysTest, PaletteSwitchesToTheNamedView) {
  ASSERT_TRUE(console_.wait_until("the Overview", overview_shown, kDrawTimeout));
  console_.send_keys({":"});
  ASSERT_TRUE(console_.wait_until(
      "the palette prompt on the last row", [](const std::string& screen) { return last_row(screen) == ":"; },
      kDrawTimeout));
  EXPECT_TRUE(console_.wait_for("show the Jobs view", kDrawTimeout)) << "the palette lists what it can do";
  console_.send_text("jobs");
  ASSERT_TRUE(console_.wait_until(
      "':jobs' typed", [](const std::string& screen) { return last_row(screen).starts_with(":jobs"); },
      kDrawTimeout));
  console_.send_keys({"Enter"});
  EXPECT_TRUE(console_.wait_until("the Jobs view after ':jobs' Enter", jobs_shown, kDrawTimeout));
  EXPECT_TRUE(console_.wait_until(
      "the palette closed",
      [](const std::string& screen) { return last_row(screen).find("q quit") != std::string::npos; },
      kDrawTimeout));
}

TEST_F(ConsoleKeysTest, PaletteTabCompletesThemeWithItsTrailingSpace) {
  console_.send_keys({":"});
  console_.send_text("th");
  ASSERT_TRUE(console_.wait_until(
      "':th' typed", [](const std::string& screen) { return last_row(screen).starts_with(":th"); },
      kDrawTimeout));
  console_.send_keys({"Tab"});
  ASSERT_TRUE(console_.wait_until(
      "':theme' after Tab", [](const std::string& screen) { return last_row(screen).starts_with(":theme"); },
      kDrawTimeout));
  EXPECT_TRUE(console_.wait_for("theme light", kDrawTimeout)) << "the matching themes are listed";
  // tmux trims trailing spaces from a captured row; the next letter shows whether Tab added "theme ".
  console_.send_text("li");
  ASSERT_TRUE(console_.wait_until(
      "':theme li' (Tab completed to \"theme \")",
      [](const std::string& screen) { return last_row(screen).starts_with(":theme li"); }, kDrawTimeout));
  console_.send_keys({"Enter"});
  EXPECT_TRUE(console_.wait_until(
      "the status bar confirming the light theme",
      [](const std::string& screen) { return last_row(screen).find("theme light") != std::string::npos; },
      kDrawTimeout));
}

TEST_F(ConsoleKeysTest, QuestionMarkShowsHelpAndAnyKeyClosesIt) {
  ASSERT_TRUE(console_.wait_until("the Overview", overview_shown, kDrawTimeout));
  console_.send_keys({"?"});
  ASSERT_TRUE(console_.wait_for("Help: Overview", kDrawTimeout));
  std::string help = console_.capture();
  EXPECT_NE(help.find("any key closes"), std::string::npos) << help;
  EXPECT_NE(help.find("start local stack"), std::string::npos) << "the view's own keys are listed\n" << help;
  EXPECT_NE(help.find("command palette"), std::string::npos) << "the global keys are listed\n" << help;

  console_.send_keys({"x"});
  ASSERT_TRUE(console_.wait_until(
      "the help overlay closed",
      [](const std::string& screen) {
        return screen.find("Help:") == std::string::npos && overview_shown(screen);
      },
      kDrawTimeout));

  // Help follows the view; `q` closes only the overlay, never the console.
  console_.send_keys({"2"});
  ASSERT_TRUE(console_.wait_until("the Jobs view", jobs_shown, kDrawTimeout));
  console_.send_keys({"?"});
  ASSERT_TRUE(console_.wait_for("Help: Jobs", kDrawTimeout));
  console_.send_keys({"q"});
  EXPECT_TRUE(console_.wait_until(
      "the help overlay closed by q",
      [](const std::string& screen) {
        return screen.find("Help:") == std::string::npos && jobs_shown(screen);
      },
      kDrawTimeout));
  EXPECT_FALSE(console_.pane_dead());
}

}  // namespace
}  // namespace opsdeck::testing
