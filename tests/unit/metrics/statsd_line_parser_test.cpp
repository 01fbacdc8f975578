#include "backend/metrics/statsd_line_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace opsdeck::metrics {
namespace {

StatsdLineResult parse(std::string_view line) {
  return StatsdLineParser{}.parse_line(line);
}

TEST(StatsdLineParser, ParsesEveryType) {
  auto counter = parse("api.hits:3|c");
  ASSERT_TRUE(counter.ok()) << counter.bad_reason;
  EXPECT_EQ(counter.metric.name, "api.hits");
  EXPECT_EQ(counter.metric.type, StatsdType::kCounter);
  EXPECT_DOUBLE_EQ(counter.metric.value, 3);
  EXPECT_DOUBLE_EQ(counter.metric.sample_rate, 1);

  auto timer = parse("db.query:12.5|ms");
  ASSERT_TRUE(timer.ok());
  EXPECT_EQ(timer.metric.type, StatsdType::kTimer);
  EXPECT_DOUBLE_EQ(timer.metric.value, 12.5);

  auto histogram = parse("size:1e3|h");
  ASSERT_TRUE(histogram.ok());
  EXPECT_EQ(histogram.metric.type, StatsdType::kHistogram);
  EXPECT_DOUBLE_EQ(histogram.metric.value, 1000);

  auto set = parse("users:alice|s");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set.metric.type, StatsdType::kSet);
  EXPECT_EQ(set.metric.set_member, "alice");
}

TEST(StatsdLineParser, GaugesTakeAbsoluteValuesAndDeltas) {
  auto absolute = parse("queue:42|g");
  ASSERT_TRUE(absolute.ok());
  EXPECT_FALSE(absolute.metric.gauge_delta);
  EXPECT_DOUBLE_EQ(absolute.metric.value, 42);

  auto up = parse("queue:+5|g");
  ASSERT_TRUE(up.ok());
  EXPECT_TRUE(up.metric.gauge_delta);
  EXPECT_DOUBLE_EQ(up.metric.value, 5);

  auto down = parse("queue:-2.5|g");
  ASSERT_TRUE(down.ok());
  EXPECT_TRUE(down.metric.gauge_delta);
  EXPECT_DOUBLE_EQ(down.metric.value, -2.5);
}

TEST(StatsdLineParser, ReadsSampleRateAndTagsInAnyOrder) {
  auto line = parse("hits:1|c|@0.1|#env:prod,role:db");
  ASSERT_TRUE(line.ok()) << line.bad_reason;
  EXPECT_DOUBLE_EQ(line.metric.sample_rate, 0.1);
  EXPECT_EQ(line.metric.tags, "env:prod,role:db");

  auto swapped = parse("hits:1|c|#env:prod|@0.5");
  ASSERT_TRUE(swapped.ok()) << swapped.bad_reason;
  EXPECT_DOUBLE_EQ(swapped.metric.sample_rate, 0.5);
  EXPECT_EQ(swapped.metric.tags, "env:prod");
}

TEST(StatsdLineParser, RefusesMalformedLinesWithAReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty line"},
      {"noseparator", "missing ':' after the name"},
      {":1|c", "empty name"},
      {"a:1", "missing '|' and type after the value"},
      {"a:1|", "missing type"},
      {"a:1|x", "unknown type (expected c, ms, h, g or s)"},
      {"a:|c", "missing value"},
      {"a:abc|c", "value is not a number"},
      {"a:0x10|c", "value is not a number"},
      {"a:NaN|ms", "value is NaN or infinite"},
      {"a:inf|g", "value is NaN or infinite"},
      {"a:-Infinity|c", "value is NaN or infinite"},
      {"a:1e999|c", "value out of range"},
      {"a:1|c|@0", "sample rate must be greater than 0"},
      {"a:1|c|@-0.5", "sample rate is not a positive number"},
      {"a:1|c|@nan", "sample rate is not a positive number"},
      {"a:1|c|@", "sample rate is not a positive number"},
      {"a:1|c|@0.1|@0.2", "sample rate given twice"},
      {"a:1|c|", "empty field after '|'"},
      {"a:1|c|x", "unknown field (expected |@rate or |#tags)"},
      {"a:+-1|g", "value is not a number"},
      {"a:+|g", "value is not a number"},
      {std::string("a\x01:1|c"), "binary or control characters in line"},
      {std::string("a:1|c\xff"), "binary or control characters in line"},
  };
  for (const auto& [line, reason] : cases) {
    auto result = parse(line);
    EXPECT_FALSE(result.ok()) << "accepted: " << line;
    EXPECT_EQ(result.bad_reason, reason) << "line: " << line;
  }
}

TEST(StatsdLineParser, BoundsNamesAndLines) {
  StatsdLineParser parser(StatsdParseLimits{8, 32});
  EXPECT_TRUE(parser.parse_line("abcdefgh:1|c").ok());
  EXPECT_EQ(parser.parse_line("abcdefghi:1|c").bad_reason, "name too long");
  EXPECT_EQ(parser.parse_line("a:1|c|#" + std::string(40, 't')).bad_reason, "line too long");
}

TEST(StatsdLineParser, SplitsPacketsOnNewlinesAndSkipsEmptyLines) {
  std::vector<std::string> good;
  std::vector<std::string> bad;
  std::size_t lines = StatsdLineParser{}.parse_packet(
      "a:1|c\n\nb:2|ms\r\nbroken\nc:3|g\n", [&](std::string_view line, const StatsdLineResult& result) {
        (result.ok() ? good : bad).emplace_back(line);
      });
  EXPECT_EQ(lines, 4u);
  EXPECT_EQ(good, (std::vector<std::string>{"a:1|c", "b:2|ms", "c:3|g"}));
  EXPECT_EQ(bad, (std::vector<std::string>{"broken"}));
}

}  // namespace
}  // namespace opsdeck::metrics
