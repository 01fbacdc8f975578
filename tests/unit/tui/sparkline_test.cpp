// Sparklines: scaling, block and braille text, ASCII fallback.
#include "tui/widgets/sparkline.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace opsdeck::tui {
namespace {

TEST(SparklineTest, ScaleLevelClampsAndKeepsSmallValuesVisible) {
  EXPECT_EQ(scale_level(0, 0, 8, 8), 0);
  EXPECT_EQ(scale_level(8, 0, 8, 8), 8);
  EXPECT_EQ(scale_level(4, 0, 8, 8), 4);
  EXPECT_EQ(scale_level(0.01, 0, 8, 8), 1);
  EXPECT_EQ(scale_level(-5, 0, 8, 8), 0);
  EXPECT_EQ(scale_level(99, 0, 8, 8), 8);
  EXPECT_EQ(scale_level(std::nan(""), 0, 8, 8), 0);
  EXPECT_EQ(scale_level(3, 3, 3, 8), 0);  // flat range
  EXPECT_EQ(scale_level(4, 3, 3, 8), 8);
}

TEST(SparklineTest, AutoScaleStartsAtZeroForNonNegativeData) {
  const std::vector<double> rates = {5, 10, 7};
  EXPECT_EQ(resolve_scale(rates, {}), (std::pair<double, double>{0, 10}));
  const std::vector<double> deltas = {-2, 4};
  EXPECT_EQ(resolve_scale(deltas, {}), (std::pair<double, double>{-2, 4}));
  EXPECT_EQ(resolve_scale(rates, {1.0, 20.0}), (std::pair<double, double>{1, 20}));
  EXPECT_EQ(resolve_scale({}, {}), (std::pair<double, double>{0, 1}));
}

TEST(SparklineTest, BlockTextIsRightAlignedWithTheNewestLast) {
  const std::vector<double> values = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(sparkline_text(values, 9), U" ▁▂▃▄▅▆▇█");
  EXPECT_EQ(sparkline_text(values, 3), U"▆▇█");  // the last three, on a scale from zero
  EXPECT_EQ(sparkline_text(std::vector<double>{8}, 4), U"   █");
  EXPECT_EQ(sparkline_text(values, 9, {0.0, 16.0}), U" ▁▁▂▂▃▃▄▄");
  EXPECT_EQ(sparkline_text(values, 9, {}, kAsciiGlyphs), U" __.--=##");
}

TEST(SparklineTest, BrailleTextPacksTwoValuesPerCell) {
  // Levels 0..4 for 0, 1, 2, 3, 4 with max 4.
  const std::vector<double> values = {0, 1, 2, 3, 4, 4};
  const std::u32string text = braille_sparkline_text(values, 3);
  ASSERT_EQ(text.size(), 3u);
  EXPECT_EQ(text[0], char32_t{0x2800 + 0x80});         // left empty, right 1 dot
  EXPECT_EQ(text[1], char32_t{0x2800 + 0x44 + 0xB0});  // left 2 dots, right 3 dots
  EXPECT_EQ(text[2], char32_t{0x28FF});                // both full
  EXPECT_EQ(braille_sparkline_text(std::vector<double>{}, 2), U"  ");
}

TEST(SparklineTest, BrailleGraphFillsFromTheBottom) {
  Canvas canvas(2, 2);
  const std::vector<double> values = {8, 8, 4, 1};
  render_braille_graph(canvas, canvas.bounds(), values, 0, 8);
  // 8 dots high: 8 -> full column, 4 -> bottom row full, 1 -> one dot.
  EXPECT_EQ(canvas.to_text(), "⣿ \n⣿⣇\n");
  Canvas ascii(4, 2);
  render_braille_graph(ascii, ascii.bounds(), values, 0, 8, {Role::kGraph}, kAsciiGlyphs);
  EXPECT_EQ(ascii.to_text(), "##  \n###_\n");
}

}  // namespace
}  // namespace opsdeck::tui
