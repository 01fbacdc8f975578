// RESP bytes to RedisReply without a server, and INFO text to key/value pairs.
#include <gtest/gtest.h>

#include <string>

#include "backend/store/redis_info.hpp"
#include "backend/store/redis_reply_parser.hpp"

namespace opsdeck::store {
namespace {

using Kind = RedisReply::Kind;

TEST(RedisReplyParserTest, ConvertsEveryResp2Type) {
  using namespace std::string_literals;
  auto replies = parse_redis_replies(
      "+OK\r\n-ERR wrong type\r\n:-42\r\n$5\r\na\0b\r\n\r\n$-1\r\n"
      "*3\r\n$3\r\nfoo\r\n:7\r\n*-1\r\n*0\r\n"s);
  ASSERT_TRUE(replies.ok()) << replies.error().describe();
  ASSERT_EQ(replies->size(), 7u);
  const auto& r = *replies;
  EXPECT_EQ(r[0].kind, Kind::kStatus);
  EXPECT_EQ(r[0].text, "OK");
  EXPECT_EQ(r[1].kind, Kind::kError);
  EXPECT_TRUE(r[1].is_error());
  EXPECT_EQ(r[1].text, "ERR wrong type");
  EXPECT_EQ(r[2].kind, Kind::kInteger);
  EXPECT_EQ(r[2].integer, -42);
  EXPECT_EQ(r[3].kind, Kind::kString);
  EXPECT_EQ(r[3].text, std::string("a\0b\r\n", 5)) << "bulk strings are binary-safe";
  EXPECT_EQ(r[4].kind, Kind::kNil);
  ASSERT_EQ(r[5].kind, Kind::kArray);
  ASSERT_EQ(r[5].items.size(), 3u);
  EXPECT_EQ(r[5].items[0].text, "foo");
  EXPECT_EQ(r[5].items[1].integer, 7);
  EXPECT_EQ(r[5].items[2].kind, Kind::kNil);
  EXPECT_EQ(r[6].kind, Kind::kArray);
  EXPECT_TRUE(r[6].items.empty());
}

TEST(RedisReplyParserTest, EmptyInputHasNoReplies) {
  auto replies = parse_redis_replies("");
  ASSERT_TRUE(replies.ok());
  EXPECT_TRUE(replies->empty());
}

TEST(RedisReplyParserTest, RejectsIncompleteReplies) {
  for (const std::string incomplete : {"$5\r\nab", "*2\r\n:1\r\n", "+OK"}) {
    auto replies = parse_redis_replies(incomplete);
    ASSERT_FALSE(replies.ok()) << incomplete;
    EXPECT_EQ(replies.error().category, core::ErrorCategory::kProtocol);
    EXPECT_NE(replies.error().message.find("incomplete"), std::string::npos) << replies.error().message;
  }
}

TEST(RedisReplyParserTest, RejectsMalformedInput) {
  auto replies = parse_redis_replies("+OK\r\n?what\r\n");
  ASSERT_FALSE(replies.ok());
  EXPECT_EQ(replies.error().category, core::ErrorCategory::kProtocol);
  EXPECT_NE(replies.error().message.find("after 1 replies"), std::string::npos) << replies.error().message;
}

TEST(RedisInfoParserTest, ReadsKeyValueLinesAndSkipsHeaders) {
  const std::string text =
      "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n\r\n# Keyspace\r\n"
      "db0:keys=3,expires=0,avg_ttl=0\r\nnot a pair\r\n:no key\r\nempty_value:\r\n";
  const auto entries = parse_redis_info(text);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0], (std::pair<std::string, std::string>{"redis_version", "7.0.15"}));
  EXPECT_EQ(entries[1], (std::pair<std::string, std::string>{"redis_mode", "standalone"}));
  EXPECT_EQ(entries[2], (std::pair<std::string, std::string>{"db0", "keys=3,expires=0,avg_ttl=0"}));
  EXPECT_EQ(entries[3], (std::pair<std::string, std::string>{"empty_value", ""}));
}

TEST(RedisInfoParserTest, AcceptsBareNewlinesAndNoTrailingNewline) {
  const auto entries = parse_redis_info("a:1\nb:2:3");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1], (std::pair<std::string, std::string>{"b", "2:3"}));
}

}  // namespace
}  // namespace opsdeck::store
