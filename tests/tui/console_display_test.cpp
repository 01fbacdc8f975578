// How the console adapts to the terminal and the user's choices: monochrome (--no-color, NO_COLOR), an ASCII
// fallback on a non-UTF-8 locale, and a bad --theme that still opens with the default theme.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>

#include "tests/support/console_session.hpp"

namespace opsdeck::testing {
namespace {

// Every SGR parameter list in `screen` ("1", "38;5;12", ...), in order.
std::vector<std::string> sgr_sequences(const std::string& screen) {
  static const std::regex kSgr("\x1b\\[([0-9;:]*)m");
  std::vector<std::string> found;
  for (auto it = std::sregex_iterator(screen.begin(), screen.end(), kSgr); it != std::sregex_iterator();
       ++it) {
    found.push_back((*it)[1].str());
  }
  return found;
}

// True when an SGR parameter list sets a foreground or background colour (39/49, back to the default
// colour, set none).
bool sets_colour(const std::string& parameters) {
  std::size_t start = 0;
  while (start <= parameters.size()) {
    std::size_t end = parameters.find_first_of(";:", start);
    std::string part = parameters.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!part.empty()) {
      int value = std::stoi(part);
      if ((value >= 30 && value <= 38) || (value >= 40 && value <= 48) || (value >= 90 && value <= 97) ||
          (value >= 100 && value <= 107)) {
        return true;
      }
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return false;
}

bool has_parameter(const std::string& parameters, const std::string& wanted) {
  std::string padded = ";" + parameters + ";";
  return padded.find(";" + wanted + ";") != std::string::npos;
}

std::string first_row(const std::string& screen) {
  return screen.substr(0, screen.find('\n'));
}

// Waits until the console shows its servers (checked or not), so the frame is the Overview's full one.
::testing::AssertionResult wait_overview(const ConsoleSession& console) {
  return console.wait_until(
      "the Overview's server cards",
      [](const std::string& screen) { return count_occurrences(screen, "(local stack)") == 2; },
      kDrawTimeout);
}

TEST(ConsoleDisplayTest, ColourThemeUsesColourEscapes) {
  // The control for the monochrome tests: the same capture of a colour console does contain colours.
  ConsoleSession console(ConsoleOptions::sized(120, 40));
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(wait_overview(console));
  auto sequences = sgr_sequences(console.capture_with_escapes());
  EXPECT_TRUE(std::any_of(sequences.begin(), sequences.end(), sets_colour));
}

TEST(ConsoleDisplayTest, NoColorFlagDrawsWithoutColourEscapes) {
  ConsoleSession console(ConsoleOptions::sized(120, 40).with_arguments({"--no-color"}));
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(wait_overview(console));
  std::string screen = console.capture_with_escapes();
  bool reverse = false;
  for (const auto& parameters : sgr_sequences(screen)) {
    EXPECT_FALSE(sets_colour(parameters)) << "colour escape ESC[" << parameters << "m in\n" << screen;
    reverse = reverse || has_parameter(parameters, "7");
  }
  EXPECT_TRUE(reverse) << "the header and the active tab stand out in reverse video\n" << screen;
}

TEST(ConsoleDisplayTest, NoColorEnvironmentDrawsWithoutColourEscapes) {
  ConsoleSession console(ConsoleOptions::sized(120, 40).with_environment("NO_COLOR", "1"));
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(wait_overview(console));
  std::string screen = console.capture_with_escapes();
  for (const auto& parameters : sgr_sequences(screen)) {
    EXPECT_FALSE(sets_colour(parameters)) << "colour escape ESC[" << parameters << "m in\n" << screen;
  }
}

TEST(ConsoleDisplayTest, NonUtf8LocaleDrawsAsciiOnly) {
  ConsoleSession console(ConsoleOptions::sized(120, 40).with_environment("LANG", "C"));
  ASSERT_TRUE(console.wait_drawn());
  ASSERT_TRUE(wait_overview(console));
  ASSERT_TRUE(console.wait_servers_up(/*ascii=*/true));
  std::string screen = console.capture();
  for (unsigned char c : screen) {
    if (c >= 0x80) {
      ADD_FAILURE() << "non-ASCII byte 0x" << std::hex << static_cast<int>(c) << " on a C-locale terminal\n"
                    << screen;
      break;
    }
  }
  EXPECT_NE(screen.find("+- mariadb (local stack) -"), std::string::npos) << screen;
  EXPECT_NE(screen.find("+- Jobs -"), std::string::npos) << screen;
  EXPECT_NE(screen.find("| * up"), std::string::npos) << screen;
}

TEST(ConsoleDisplayTest, UnknownThemeOpensWithTheDefaultThemeAndNamesIt) {
  ConsoleSession bad(ConsoleOptions::sized(120, 40).with_arguments({"--theme", "nope"}));
  ASSERT_TRUE(bad.wait_drawn());
  ASSERT_TRUE(wait_overview(bad));
  EXPECT_TRUE(bad.wait_for("theme \"nope\"", kDrawTimeout)) << "the status bar names the theme";
  EXPECT_TRUE(bad.wait_for("using the default theme", kDrawTimeout));
  EXPECT_FALSE(bad.pane_dead());

  // The header row is drawn exactly as with the default theme: same escapes before and around " opsdeck".
  ConsoleSession good(ConsoleOptions::sized(120, 40).with_arguments({"--theme", "default"}));
  ASSERT_TRUE(good.wait_drawn());
  ASSERT_TRUE(wait_overview(good));
  auto header_style = [](const ConsoleSession& console) {
    std::string row = first_row(console.capture_with_escapes());
    return row.substr(0, row.find("opsdeck"));
  };
  std::string expected = header_style(good);
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(header_style(bad), expected);
}

}  // namespace
}  // namespace opsdeck::testing
