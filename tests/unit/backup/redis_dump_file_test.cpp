// The Redis backup file format: records written and parsed back in any chunking; cut-short and corrupted
// files are errors, never a partial success.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "backend/backup/redis/redis_dump_file.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup {
namespace {

struct Parsed {
  std::vector<std::string> keys;
  std::vector<int> dbs;
  std::vector<std::int64_t> ttls;
  core::Status status;
};

Parsed parse(const std::string& bytes, std::size_t piece) {
  Parsed parsed;
  RedisDumpParser parser;
  const RedisDumpParser::KeySink sink = [&](const RedisKeyRecord& record) -> core::Status {
    parsed.keys.emplace_back(std::string(record.key) + "=" + std::string(record.value) + ":" +
                             std::string(record.type));
    parsed.dbs.push_back(record.db);
    parsed.ttls.push_back(record.pttl);
    return {};
  };
  for (std::size_t offset = 0; offset < bytes.size(); offset += piece) {
    parsed.status = parser.feed(std::string_view(bytes).substr(offset, piece), sink);
    if (!parsed.status.ok()) {
      return parsed;
    }
  }
  parsed.status = parser.finish();
  return parsed;
}

std::string write_sample(const std::filesystem::path& path) {
  auto file = DumpFileWriter::create(path);
  EXPECT_TRUE(file.ok());
  RedisDumpWriter writer(std::move(*file));
  EXPECT_TRUE(writer.begin().ok());
  EXPECT_TRUE(writer.select_db(0).ok());
  EXPECT_TRUE(writer.add({0, std::string_view("k\0ey", 4), "string", -1, "payload"}).ok());
  EXPECT_TRUE(writer.select_db(7).ok());
  EXPECT_TRUE(writer.add({7, "h", "hash", 1234, std::string(70000, 'x')}).ok());
  EXPECT_TRUE(writer.finish().ok());
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(RedisDumpFileTest, RecordsRoundTripInAnyChunking) {
  opsdeck::testing::TemporaryDirectory directory;
  const std::string bytes = write_sample(directory.path() / "sample");
  for (std::size_t piece : {1U, 5U, 4096U, 1U << 20U}) {
    const Parsed parsed = parse(bytes, piece);
    ASSERT_TRUE(parsed.status.ok()) << piece << ": " << parsed.status.error().message;
    ASSERT_EQ(parsed.keys.size(), 2U);
    EXPECT_EQ(parsed.keys[0], std::string("k\0ey=payload:string", 19));
    EXPECT_EQ(parsed.dbs, (std::vector<int>{0, 7}));
    EXPECT_EQ(parsed.ttls, (std::vector<std::int64_t>{-1, 1234}));
  }
}

TEST(RedisDumpFileTest, CutShortOrCorruptedFilesAreErrors) {
  opsdeck::testing::TemporaryDirectory directory;
  const std::string bytes = write_sample(directory.path() / "sample");
  for (std::size_t keep : {std::size_t{0}, std::size_t{10}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(parse(bytes.substr(0, keep), 3).status.ok()) << keep;
  }
  std::string bad_tag = bytes;
  bad_tag[kRedisDumpHeader.size()] = 'Q';
  EXPECT_FALSE(parse(bad_tag, 64).status.ok());
  EXPECT_FALSE(parse(bytes + "K", 64).status.ok());
  EXPECT_FALSE(parse("not a dump at all, definitely not", 64).status.ok());
}

}  // namespace
}  // namespace opsdeck::backup
