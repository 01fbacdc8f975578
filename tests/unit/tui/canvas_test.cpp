// Canvas: clipping, double-width characters, boxes, truncation and UTF-8 decoding.
#include "tui/canvas/canvas.hpp"

#include <gtest/gtest.h>

#include "tui/canvas/char_width.hpp"
#include "tui/key.hpp"

namespace opsdeck::tui {
namespace {

TEST(CanvasTest, TextIsClippedToTheCanvasAndTheClipRect) {
  Canvas canvas(6, 2);
  EXPECT_EQ(canvas.text(3, 0, "abcdef"), 6);
  canvas.text(-2, 1, "xyzw");
  EXPECT_EQ(canvas.to_text(), "   abc\nzw    \n");
  Canvas clipped(6, 1);
  clipped.text(0, 0, "abcdef", {}, Rect{1, 0, 3, 1});
  EXPECT_EQ(clipped.to_text(), " bcd  \n");
  canvas.text(0, 5, "off the canvas");  // no crash, nothing drawn
  canvas.set(-1, -1, U'x');
}

TEST(CanvasTest, WideCharactersTakeTwoCells) {
  Canvas canvas(6, 1);
  EXPECT_EQ(canvas.text(0, 0, "日本x"), 5);
  EXPECT_EQ(canvas.to_text(), "日本x \n");
  EXPECT_TRUE(canvas.at(1, 0).continuation);
  // Overwriting the second half of a wide character blanks its first half.
  canvas.set(1, 0, U'-');
  EXPECT_EQ(canvas.to_text(), " -本x \n");
  // A wide character that would straddle the right edge is not half-drawn.
  Canvas narrow(3, 1);
  narrow.text(2, 0, "日");
  EXPECT_EQ(narrow.to_text(), "   \n");
}

TEST(CanvasTest, ControlCharactersNeverReachTheTerminal) {
  Canvas canvas(4, 1);
  canvas.text(0, 0, "a\tb\x1b");
  EXPECT_EQ(canvas.to_text(), "a b?\n");
}

TEST(CanvasTest, BoxWithTitleUnicodeAndAscii) {
  Canvas canvas(12, 3);
  canvas.box(canvas.bounds(), "Jobs");
  EXPECT_EQ(canvas.to_text(),
            "┌─ Jobs ───┐\n"
            "│          │\n"
            "└──────────┘\n");
  Canvas ascii(12, 3);
  ascii.box(ascii.bounds(), "A long title", {Role::kBorder, kAttrNone}, true);
  EXPECT_EQ(ascii.to_text(),
            "+- A long~ +\n"
            "|          |\n"
            "+----------+\n");
  EXPECT_EQ(ascii.roles_to_text().substr(0, 12), "xxaaaaaaaaax");
}

TEST(CanvasTest, RectSplitsAreClamped) {
  const Rect area{2, 3, 10, 4};
  EXPECT_EQ(area.top(1), (Rect{2, 3, 10, 1}));
  EXPECT_EQ(area.below(1), (Rect{2, 4, 10, 3}));
  EXPECT_EQ(area.below(9), (Rect{2, 7, 10, 0}));
  EXPECT_EQ(area.left(3), (Rect{2, 3, 3, 4}));
  EXPECT_EQ(area.right_of(3), (Rect{5, 3, 7, 4}));
  EXPECT_EQ(area.inset(1), (Rect{3, 4, 8, 2}));
  EXPECT_TRUE(area.inset(5).empty());
}

TEST(CanvasTest, PaintKeepsCharactersAndChangesStyle) {
  Canvas canvas(3, 1);
  canvas.text(0, 0, "abc");
  canvas.paint(Rect{1, 0, 5, 1}, Style{Role::kSelection, kAttrNone});
  EXPECT_EQ(canvas.to_text(), "abc\n");
  EXPECT_EQ(canvas.roles_to_text(), ".ss\n");
}

TEST(Utf8Test, DisplayWidthFollowsWcwidthRules) {
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("日本"), 4);
  EXPECT_EQ(display_width("e\xCC\x81"), 1);  // e + combining acute
  EXPECT_EQ(display_width("│█…"), 3);
  EXPECT_EQ(display_width("🚀"), 2);
  EXPECT_EQ(display_width("\xFF"), 1);  // invalid byte
}

TEST(Utf8Test, DecodeReplacesInvalidBytes) {
  EXPECT_EQ(decode_utf8("a\xFFz"), (std::u32string{U'a', 0xFFFD, U'z'}));
  EXPECT_EQ(decode_utf8("\xC0\xAF"), (std::u32string{0xFFFD, 0xFFFD}));              // overlong '/'
  EXPECT_EQ(decode_utf8("\xE6\x97"), (std::u32string{0xFFFD, 0xFFFD}));              // cut short
  EXPECT_EQ(decode_utf8("\xED\xA0\x80"), (std::u32string{0xFFFD, 0xFFFD, 0xFFFD}));  // surrogate
  EXPECT_EQ(decode_utf8("日"), std::u32string{U'日'});
  EXPECT_EQ(encode_utf8(U'日'), "日");
  EXPECT_EQ(encode_utf8(U'🚀'), "🚀");
}

TEST(Utf8Test, TruncateAddsAnEllipsisAndNeverSplitsWideCharacters) {
  EXPECT_EQ(truncate_to_width("hello", 5), "hello");
  EXPECT_EQ(truncate_to_width("hello world", 6), "hello…");
  EXPECT_EQ(truncate_to_width("hello world", 6, true), "hello~");
  EXPECT_EQ(truncate_to_width("日本語", 4), "日…");
  EXPECT_EQ(truncate_to_width("日本語", 5), "日本…");
  EXPECT_EQ(truncate_to_width("abc", 0), "");
}

TEST(Utf8Test, RandomBytesNeverBreakTheCanvas) {
  // A cheap stand-in for the fuzz target: log lines and names come from servers and users.
  std::uint32_t seed = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string bytes;
    for (int i = 0; i < round % 23; ++i) {
      seed = seed * 1664525u + 1013904223u;
      bytes.push_back(static_cast<char>(seed >> 24));
    }
    Canvas canvas(7, 2);
    canvas.text(static_cast<int>(seed % 9) - 2, 0, bytes);
    const std::string cut = truncate_to_width(bytes, static_cast<int>(seed % 6));
    EXPECT_LE(display_width(cut), static_cast<int>(seed % 6));
    canvas.text(0, 1, cut);
    const std::u32string decoded = decode_utf8(bytes);
    EXPECT_EQ(decode_utf8(encode_utf8(decoded)), decoded);  // what we draw re-encodes losslessly
  }
}

TEST(KeyTest, DescribeNamesKeysForHints) {
  EXPECT_EQ(Key::character(U'q').describe(), "q");
  EXPECT_EQ(Key::of(Key::Code::kEnter).describe(), "Enter");
  EXPECT_EQ((Key{Key::Code::kChar, U'c', 0, true}).describe(), "Ctrl+C");
  EXPECT_EQ((Key{Key::Code::kFunction, 0, 5, false}).describe(), "F5");
  EXPECT_EQ(Key::of(Key::Code::kBackTab).describe(), "Shift+Tab");
  EXPECT_EQ(Key::character(U' ').describe(), "Space");
}

}  // namespace
}  // namespace opsdeck::tui
