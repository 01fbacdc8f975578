// Command palette: matching order, Tab completion, Enter picks, Esc closes.
#include "tui/app/command_palette.hpp"

#include <gtest/gtest.h>

namespace opsdeck::tui::app {
namespace {

const std::vector<PaletteEntry> kEntries = {
    {"overview", "Overview view"}, {"jobs", "Jobs view"},    {"jobs.cancel", "cancel"},
    {"theme dark", "dark"},        {"theme light", "light"}, {"quit", "leave"},
};

std::vector<std::string> names(const std::vector<PaletteEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& entry : entries) {
    out.push_back(entry.name);
  }
  return out;
}

void type(CommandPalette& palette, std::string_view text) {
  for (char c : text) {
    EXPECT_FALSE(palette.on_key(Key::character(static_cast<char32_t>(c))).has_value());
  }
}

TEST(CommandPaletteTest, PrefixMatchesComeBeforeSubstringMatches) {
  EXPECT_EQ(names(match_entries(kEntries, "j")), (std::vector<std::string>{"jobs", "jobs.cancel"}));
  EXPECT_EQ(names(match_entries(kEntries, "IGHT")), (std::vector<std::string>{"theme light"}));
  EXPECT_EQ(names(match_entries(kEntries, "e")).front(), "overview")
      << "no prefix match: substrings in order";
  EXPECT_EQ(match_entries(kEntries, "").size(), kEntries.size());
  EXPECT_TRUE(match_entries(kEntries, "zzz").empty());
}

TEST(CommandPaletteTest, TabCompletesTheCommonPrefixThenCycles) {
  CommandPalette palette;
  palette.open(kEntries);
  type(palette, "th");
  palette.on_key(Key::of(Key::Code::kTab));  // "theme "
  type(palette, "l");
  auto chosen = palette.on_key(Key::of(Key::Code::kEnter));
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(*chosen, "theme light");
  EXPECT_FALSE(palette.is_open());
}

TEST(CommandPaletteTest, AnExactNameWinsOverTheHighlightedMatch) {
  CommandPalette palette;
  palette.open({{"jobs.cancel", ""}, {"jobs", ""}});
  type(palette, "jobs");
  EXPECT_EQ(*palette.on_key(Key::of(Key::Code::kEnter)), "jobs");
}

TEST(CommandPaletteTest, UnknownTextIsReturnedSoTheConsoleCanSaySo) {
  CommandPalette palette;
  palette.open(kEntries);
  type(palette, "frobnicate");
  EXPECT_EQ(*palette.on_key(Key::of(Key::Code::kEnter)), "frobnicate");
}

TEST(CommandPaletteTest, EscapeClosesWithoutChoosing) {
  CommandPalette palette;
  palette.open(kEntries);
  type(palette, "qu");
  EXPECT_FALSE(palette.on_key(Key::of(Key::Code::kEscape)).has_value());
  EXPECT_FALSE(palette.is_open());
}

TEST(CommandPaletteTest, RendersThePromptAndMatches) {
  CommandPalette palette;
  palette.open(kEntries);
  type(palette, "jo");
  Canvas canvas(40, 6);
  palette.render(canvas, canvas.bounds(), 5, kUnicodeGlyphs);
  std::string text = canvas.to_text();
  EXPECT_NE(text.find(":jo"), std::string::npos) << text;
  EXPECT_NE(text.find("jobs.cancel"), std::string::npos) << text;
}

}  // namespace
}  // namespace opsdeck::tui::app
