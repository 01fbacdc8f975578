// Progress bar text and the formatting helpers behind it.
#include "tui/widgets/progress_bar.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace opsdeck::tui {
namespace {

constexpr double kGiB = 1024.0 * 1024 * 1024;
constexpr double kMiB = 1024.0 * 1024;

TEST(FormatTest, Bytes) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(1023), "1023 B");
  EXPECT_EQ(format_bytes(1024), "1.0 KiB");
  EXPECT_EQ(format_bytes(1.2 * kGiB), "1.2 GiB");
  EXPECT_EQ(format_bytes(1023.99 * 1024), "1.0 MiB");
  EXPECT_EQ(format_bytes(-2048), "-2.0 KiB");
  EXPECT_EQ(format_bytes(3.0 * 1024 * kGiB * 1024), "3.0 PiB");
}

TEST(FormatTest, Counts) {
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(999), "999");
  EXPECT_EQ(format_count(1000), "1.0k");
  EXPECT_EQ(format_count(1234), "1.2k");
  EXPECT_EQ(format_count(35000), "35.0k");
  EXPECT_EQ(format_count(999999), "1.0M");
  EXPECT_EQ(format_count(3.4e9), "3.4G");
}

TEST(FormatTest, Durations) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(52), "0:52");
  EXPECT_EQ(format_duration(52.9), "0:52");
  EXPECT_EQ(format_duration(727), "12:07");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(3 * 86400 + 4 * 3600 + 59), "3d4h");
  EXPECT_EQ(format_duration(-1), "-:--");
  EXPECT_EQ(format_duration(std::nan("")), "-:--");
}

TEST(FormatTest, RatesAndPercent) {
  EXPECT_EQ(format_rate(35.1 * kMiB, true), "35.1 MiB/s");
  EXPECT_EQ(format_rate(1200, false), "1.2k/s");
  EXPECT_EQ(format_percent(0.42), "42%");
  EXPECT_EQ(format_percent(0.999), "99%");
  EXPECT_EQ(format_percent(1.0), "100%");
  EXPECT_EQ(format_percent(1.5), "100%");
  EXPECT_EQ(format_percent(0.29), "29%");
}

TEST(ProgressBarTest, TextWithEverythingKnown) {
  ProgressBar bar{1.26 * kGiB, 3.0 * kGiB, 33.9 * kMiB, 10, true};
  EXPECT_EQ(bar.text(), "42% 1.3 GiB/3.0 GiB 33.9 MiB/s ETA 0:52");
  ASSERT_TRUE(bar.eta_seconds().has_value());
  EXPECT_NEAR(*bar.eta_seconds(), 1.74 * kGiB / (33.9 * kMiB), 1e-6);
}

TEST(ProgressBarTest, UnknownPartsAreLeftOut) {
  EXPECT_EQ((ProgressBar{1.2 * kGiB, std::nullopt, 35.1 * kMiB, 3, true}).text(), "1.2 GiB 35.1 MiB/s");
  EXPECT_EQ((ProgressBar{420, 1000.0, 0, 3, false}).text(), "42% 420/1.0k");
  EXPECT_EQ((ProgressBar{0, 0.0, 0, 0, true}).text(), "0 B");
  EXPECT_FALSE((ProgressBar{5, 0.0, 1, 0, true}).fraction().has_value());
}

TEST(ProgressBarTest, BarFillsInEighths) {
  Canvas canvas(10, 1);
  ProgressBar{45, 100.0, 0, 0, false}.render_bar(canvas, canvas.bounds());
  EXPECT_EQ(canvas.to_text(), "████▌░░░░░\n");
  EXPECT_EQ(canvas.roles_to_text(), "aaaaammmmm\n");
  Canvas ascii(10, 1);
  ProgressBar{45, 100.0, 0, 0, false}.render_bar(ascii, ascii.bounds(), kAsciiGlyphs);
  EXPECT_EQ(ascii.to_text(), "#####.....\n");  // half a cell or more shows
  Canvas full(4, 1);
  ProgressBar{7, 7.0, 0, 0, false}.render_bar(full, full.bounds());
  EXPECT_EQ(full.to_text(), "████\n");
}

TEST(ProgressBarTest, IndeterminateBarBouncesWithElapsedTime) {
  auto frame = [](double elapsed) {
    Canvas canvas(10, 1);
    ProgressBar{0, std::nullopt, 0, elapsed, true}.render_bar(canvas, canvas.bounds(), kAsciiGlyphs);
    return canvas.to_text();
  };
  EXPECT_EQ(frame(0), "##........\n");
  EXPECT_EQ(frame(0.3), "...##.....\n");
  EXPECT_EQ(frame(0.8), "........##\n");
  EXPECT_EQ(frame(1.1), ".....##...\n");  // on its way back
}

TEST(ProgressBarTest, SpinnerAdvancesTenFramesASecond) {
  EXPECT_EQ(spinner_frame(0), U'⠋');
  EXPECT_EQ(spinner_frame(0.1), U'⠙');
  EXPECT_EQ(spinner_frame(0.8), U'⠋');
  EXPECT_EQ(spinner_frame(0.25, kAsciiGlyphs), U'-');
}

}  // namespace
}  // namespace opsdeck::tui
