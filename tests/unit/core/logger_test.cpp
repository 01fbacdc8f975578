// Logger: ring capacity, file output with mode 0600, and secrets masked everywhere.
#include "backend/core/logger.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "backend/core/secret.hpp"

namespace opsdeck::core {
namespace {

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("opsdeck-logger-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(LoggerTest, RingKeepsTheNewestLines) {
  Logger logger(3, LogLevel::kInfo);
  for (int i = 0; i < 5; ++i) {
    logger.info("test", "line " + std::to_string(i));
  }
  logger.debug("test", "below the level");
  auto snapshot = logger.snapshots().latest();
  ASSERT_EQ(snapshot->lines.size(), 3u);
  EXPECT_EQ(snapshot->lines.front().text, "line 2");
  EXPECT_EQ(snapshot->lines.back().text, "line 4");
  EXPECT_EQ(snapshot->total, 5u);
}

TEST(LoggerTest, TheFeedBuildsASnapshotPerReadNotPerLine) {
  Logger logger(10, LogLevel::kInfo);
  int wakes = 0;
  logger.snapshots().on_publish([&] { ++wakes; });
  logger.info("test", "one");
  logger.info("test", "two");
  EXPECT_EQ(wakes, 2) << "every line wakes the reader";
  EXPECT_EQ(logger.snapshots().version(), 2u);
  auto first = logger.snapshots().latest();
  EXPECT_EQ(first, logger.snapshots().latest()) << "no new line: the same snapshot, no copy";
  logger.info("test", "three");
  auto second = logger.snapshots().latest();
  EXPECT_NE(first, second);
  EXPECT_EQ(first->lines.size(), 2u) << "a snapshot already read does not change";
  ASSERT_EQ(second->lines.size(), 3u);
  EXPECT_EQ(second->lines.back().text, "three");
  logger.snapshots().on_publish({});
}

TEST(LoggerTest, WritesAPrivateFileAndMasksSecrets) {
  auto dir = temp_dir();
  Logger logger;
  ASSERT_TRUE(logger.open_file(dir / "logs" / "opsdeck.log").ok());
  Secret password("s3cret-Passw0rd");
  logger.error("store", "login failed with password s3cret-Passw0rd for root");

  struct stat info {};
  ASSERT_EQ(::stat((dir / "logs" / "opsdeck.log").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  std::ifstream file(dir / "logs" / "opsdeck.log");
  std::stringstream content;
  content << file.rdbuf();
  EXPECT_EQ(content.str().find("s3cret-Passw0rd"), std::string::npos);
  EXPECT_NE(content.str().find("error [store] login failed with password ******** for root"),
            std::string::npos);
  EXPECT_EQ(logger.snapshots().latest()->lines.back().text, "login failed with password ******** for root");
  std::filesystem::remove_all(dir);
}

TEST(LoggerTest, ParsesLevelsAndNamesTheBadOne) {
  EXPECT_EQ(*parse_log_level("warn"), LogLevel::kWarn);
  auto bad = parse_log_level("loud");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "log level 'loud': expected one of debug, info, warn, error");
}

TEST(SecretTest, NeverShowsItsValue) {
  Secret empty;
  Secret set("hunter22");
  EXPECT_EQ(empty.masked(), "(not set)");
  EXPECT_EQ(set.masked(), "********");
  EXPECT_EQ(set.reveal(), "hunter22");
  EXPECT_EQ(redact("token=hunter22;"), "token=********;");
}

}  // namespace
}  // namespace opsdeck::core
