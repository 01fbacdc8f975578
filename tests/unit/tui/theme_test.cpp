// Themes: colour values, parsing with errors and per-key fallback, the shipped theme files, downgrade.
#include "tui/theme/theme.hpp"

#include <cstdlib>

#include <gtest/gtest.h>
#include "tests/support/source_tree.hpp"

namespace opsdeck::tui {
namespace {

const std::string kThemesDir = opsdeck::testing::source_dir().string() + "/themes";

std::string full_theme_json(std::string_view ok_fg = "green") {
  std::string roles;
  for (Role role : all_roles()) {
    const std::string fg = role == Role::kOk ? std::string(ok_fg) : "default";
    roles += (roles.empty() ? "" : ",") + std::string("\"") + std::string(role_key(role)) +
             "\": {\"fg\": \"" + fg + "\", \"bg\": \"default\"}";
  }
  return "{\"name\": \"test\", \"description\": \"for tests\", \"roles\": {" + roles + "}}";
}

TEST(ColorTest, ParsesNamesIndicesAndHex) {
  EXPECT_EQ(*parse_color("default"), -1);
  EXPECT_EQ(*parse_color("black"), 0);
  EXPECT_EQ(*parse_color("white"), 7);
  EXPECT_EQ(*parse_color("bright_black"), 8);
  EXPECT_EQ(*parse_color("Bright_White"), 15);
  EXPECT_EQ(*parse_color("color0"), 0);
  EXPECT_EQ(*parse_color("color255"), 255);
  EXPECT_FALSE(parse_color("color256").ok());
  EXPECT_FALSE(parse_color("color").ok());
  EXPECT_FALSE(parse_color("#12345").ok());
  EXPECT_FALSE(parse_color("#gg0000").ok());
  EXPECT_FALSE(parse_color("").ok());
}

TEST(ColorTest, HexMapsToTheNearestXterm256Colour) {
  EXPECT_EQ(*parse_color("#ff0000"), 196);
  EXPECT_EQ(*parse_color("#000000"), 16);
  EXPECT_EQ(*parse_color("#ffffff"), 231);
  EXPECT_EQ(*parse_color("#008700"), 28);
  EXPECT_EQ(*parse_color("#808080"), 244);  // grey ramp: 8 + 10 * 12 = 128
  EXPECT_EQ(*parse_color("#5f87af"), 67);
  EXPECT_EQ(nearest_xterm256(0xd7, 0x5f, 0x00), 166);
}

TEST(ColorTest, DowngradeMapsToTheNearestOf8Or16) {
  EXPECT_EQ(downgrade_color(196, 16), 9);  // bright red
  EXPECT_EQ(downgrade_color(196, 8), 1);   // red
  EXPECT_EQ(downgrade_color(9, 8), 1);
  EXPECT_EQ(downgrade_color(28, 8), 2);  // dark green
  EXPECT_EQ(downgrade_color(-1, 8), -1);
  EXPECT_EQ(downgrade_color(200, 256), 200);
  EXPECT_EQ(downgrade_color(3, 8), 3);
  EXPECT_EQ(downgrade_color(3, 2), -1);
  EXPECT_EQ(color_name(9), "bright_red");
  EXPECT_EQ(color_name(208), "color208");
}

TEST(ThemeTest, ParsesAFullTheme) {
  std::vector<std::string> warnings;
  auto theme = parse_theme(full_theme_json(), "test.json", &warnings);
  ASSERT_TRUE(theme.ok()) << theme.error().describe();
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(theme->name, "test");
  EXPECT_EQ(theme->get(Role::kOk), (ColorSpec{2, -1}));
}

TEST(ThemeTest, UnknownColourIsAnErrorNamingFileKeyValueAndForms) {
  auto theme = parse_theme(full_theme_json("greeen"), "/etc/opsdeck/themes/mine.json");
  ASSERT_FALSE(theme.ok());
  const std::string& message = theme.error().message;
  EXPECT_NE(message.find("/etc/opsdeck/themes/mine.json"), std::string::npos) << message;
  EXPECT_NE(message.find("roles.ok.fg"), std::string::npos) << message;
  EXPECT_NE(message.find("\"greeen\""), std::string::npos) << message;
  EXPECT_NE(message.find("bright_white, color0..color255, #rrggbb"), std::string::npos) << message;
  EXPECT_EQ(theme.error().category, core::ErrorCategory::kInvalidInput);
}

TEST(ThemeTest, MissingKeysFallBackToTheDefaultWithAWarning) {
  std::vector<std::string> warnings;
  auto theme = parse_theme(R"({"name": "partial", "roles": {"ok": {"fg": "#00ff00", "bg": "default"},
                               "crit": {"fg": "red"}, "sparkles": "red"}})",
                           "partial.json", &warnings);
  ASSERT_TRUE(theme.ok()) << theme.error().describe();
  EXPECT_EQ(theme->get(Role::kOk).fg, 46);
  EXPECT_EQ(theme->get(Role::kWarn), default_theme().get(Role::kWarn));
  EXPECT_EQ(theme->get(Role::kCrit).bg, default_theme().get(Role::kCrit).bg);
  // 14 missing roles, crit's missing bg and the unknown "sparkles" role.
  EXPECT_EQ(warnings.size(), 16u);
  const auto mentions = [&](std::string_view text) {
    return std::any_of(warnings.begin(), warnings.end(),
                       [&](const std::string& warning) { return warning.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(mentions("partial.json: roles.warn missing; using the default theme's value"));
  EXPECT_TRUE(mentions("roles.crit.bg missing"));
  EXPECT_TRUE(mentions("roles.sparkles: unknown role"));
}

TEST(ThemeTest, MalformedFilesAreErrors) {
  EXPECT_FALSE(parse_theme("{not json", "bad.json").ok());
  EXPECT_FALSE(parse_theme("[]", "bad.json").ok());
  EXPECT_FALSE(parse_theme(R"({"name": "x"})", "bad.json").ok());
  auto bold = parse_theme(R"({"roles": {"ok": {"fg": "green", "bg": "default", "bold": "yes"}}})", "b.json");
  ASSERT_FALSE(bold.ok());
  EXPECT_NE(bold.error().message.find("roles.ok.bold: expected true or false"), std::string::npos);
  auto number = parse_theme(R"({"roles": {"ok": {"fg": 2, "bg": "default"}}})", "n.json");
  ASSERT_FALSE(number.ok());
  EXPECT_NE(number.error().message.find("roles.ok.fg"), std::string::npos);
}

TEST(ThemeTest, EveryShippedThemeParsesWithoutWarnings) {
  const auto names = list_themes(kThemesDir);
  EXPECT_EQ(names, (std::vector<std::string>{"dark", "high-contrast", "light"}));
  for (const auto& name : names) {
    std::vector<std::string> warnings;
    auto theme = load_theme(name, kThemesDir, &warnings);
    ASSERT_TRUE(theme.ok()) << theme.error().describe();
    EXPECT_EQ(theme->name, name);
    EXPECT_FALSE(theme->description.empty());
    EXPECT_TRUE(warnings.empty()) << name << ": " << warnings.front();
  }
}

TEST(ThemeTest, CompiledInDefaultMatchesDarkJson) {
  auto dark = load_theme(kThemesDir + "/dark.json", "/nonexistent");
  ASSERT_TRUE(dark.ok()) << dark.error().describe();
  for (Role role : all_roles()) {
    EXPECT_EQ(dark->get(role), default_theme().get(role)) << role_key(role);
  }
}

TEST(ThemeTest, LoadByNameReportsMissingThemesAndDefaultAlwaysExists) {
  auto missing = load_theme("solarized", kThemesDir);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().category, core::ErrorCategory::kNotFound);
  EXPECT_NE(missing.error().message.find("available: dark, high-contrast, light"), std::string::npos)
      << missing.error().message;
  auto fallback = load_theme("default", "/nonexistent");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(*fallback, default_theme());
}

TEST(ThemeTest, DowngradeKeepsSelectionVisibleWithoutColours) {
  auto light = load_theme("light", kThemesDir);
  ASSERT_TRUE(light.ok());
  const Theme sixteen = light->downgrade(16);
  EXPECT_LT(sixteen.get(Role::kMuted).fg, 16);
  EXPECT_LT(sixteen.get(Role::kHeader).bg, 16);
  const Theme mono = default_theme().downgrade(2);
  EXPECT_EQ(mono.get(Role::kSelection).bg, -1);
  EXPECT_TRUE(mono.get(Role::kSelection).reverse);
}

TEST(ThemeTest, ThemesDirComesFromTheEnvironmentFirst) {
  const char* saved = std::getenv("OPSDECK_THEMES_DIR");
  const std::string previous = saved != nullptr ? saved : "";
  setenv("OPSDECK_THEMES_DIR", kThemesDir.c_str(), 1);
  EXPECT_EQ(find_themes_dir(), std::filesystem::path(kThemesDir).lexically_normal());
  setenv("OPSDECK_THEMES_DIR", "/nonexistent/themes", 1);
  EXPECT_TRUE(find_themes_dir().has_value());  // falls through to the compile-time source tree
  if (saved != nullptr) {
    setenv("OPSDECK_THEMES_DIR", previous.c_str(), 1);
  } else {
    unsetenv("OPSDECK_THEMES_DIR");
  }
}

TEST(ThemeTest, RoleKeysRoundTrip) {
  for (Role role : all_roles()) {
    EXPECT_EQ(role_from_key(role_key(role)), role);
  }
  EXPECT_EQ(role_key(Role::kTabActive), "tab_active");
  EXPECT_FALSE(role_from_key("nope").has_value());
}

}  // namespace
}  // namespace opsdeck::tui
