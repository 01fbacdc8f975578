// How a restore's statements are grouped for several connections: rows go anywhere, session settings to
// every connection, schema statements alone; a statement that cannot be split (table locks, transactions,
// autocommit) keeps it and everything after it in order on one connection; batches grow to their limit but
// never mix kinds, and every statement keeps its line.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "backend/backup/mariadb/statement_batches.hpp"

namespace opsdeck::backup {
namespace {

TEST(StatementBatchesTest, ClassifiesStatementsByWhatTheyNeed) {
  EXPECT_EQ(classify_statement("INSERT INTO `t` (`a`) VALUES (1)"), BatchKind::kRows);
  EXPECT_EQ(classify_statement("insert into t values (1)"), BatchKind::kRows);
  EXPECT_EQ(classify_statement("REPLACE INTO t VALUES (1)"), BatchKind::kRows);
  EXPECT_EQ(classify_statement("SET NAMES utf8mb4"), BatchKind::kEverySession);
  EXPECT_EQ(classify_statement("SET unique_checks = 0"), BatchKind::kEverySession);
  EXPECT_EQ(classify_statement("USE `shop`"), BatchKind::kEverySession);
  EXPECT_EQ(classify_statement("DROP TABLE IF EXISTS `t`"), BatchKind::kSchema);
  EXPECT_EQ(classify_statement("CREATE TABLE `t` (a INT)"), BatchKind::kSchema);
  EXPECT_EQ(classify_statement("ALTER TABLE t ADD b INT"), BatchKind::kSchema);
  for (const char* in_order : {"SET autocommit = 0", "set AUTOCOMMIT=0", "SET SESSION TRANSACTION READ ONLY",
                               "LOCK TABLES `t` WRITE", "UNLOCK TABLES", "START TRANSACTION", "BEGIN",
                               "COMMIT", "DELETE FROM t", "UPDATE t SET a = 1", "SELECT 1"}) {
    EXPECT_EQ(classify_statement(in_order), BatchKind::kInOrder) << in_order;
  }
}

struct Collected {
  std::vector<StatementBatch> batches;
  StatementBatcher::Sink sink() {
    return [this](StatementBatch&& batch) -> core::Status {
      batches.push_back(std::move(batch));
      return {};
    };
  }
};

TEST(StatementBatchesTest, BatchesHoldOneKindUpToTheirLimit) {
  StatementBatcher batcher(110);
  Collected collected;
  const auto sink = collected.sink();
  const std::vector<std::string> statements = {
      "SET NAMES utf8mb4",
      "SET unique_checks = 0",
      "DROP TABLE IF EXISTS `t`",
      "CREATE TABLE `t` (a INT)",
      "INSERT INTO `t` VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)",
      "INSERT INTO `t` VALUES (13),(14),(15),(16),(17),(18),(19),(20),(21),(22)",
      "INSERT INTO `t` VALUES (23)",
      std::string("INSERT INTO `t` VALUES ") + std::string(200, '0'),
      "DROP TABLE IF EXISTS `u`"};
  for (std::size_t index = 0; index < statements.size(); ++index) {
    ASSERT_TRUE(batcher.add({statements[index], index + 1}, sink).ok());
  }
  ASSERT_TRUE(batcher.flush(sink).ok());
  const auto& batches = collected.batches;
  ASSERT_EQ(batches.size(), 6U);
  EXPECT_EQ(batches[0].kind, BatchKind::kEverySession);
  EXPECT_EQ(batches[0].sql, "SET NAMES utf8mb4;\nSET unique_checks = 0");
  EXPECT_EQ(batches[0].lines, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(batches[1].kind, BatchKind::kSchema);
  EXPECT_EQ(batches[1].lines, (std::vector<std::uint64_t>{3, 4}));
  // 73 + 2 + 72 bytes pass the 110-byte limit: the second INSERT starts a new batch with the third.
  EXPECT_EQ(batches[2].kind, BatchKind::kRows);
  EXPECT_EQ(batches[2].lines, (std::vector<std::uint64_t>{5}));
  EXPECT_EQ(batches[3].lines, (std::vector<std::uint64_t>{6, 7}));
  EXPECT_EQ(batches[4].lines, (std::vector<std::uint64_t>{8})) << "a statement above the limit is alone";
  EXPECT_EQ(batches[4].sql.size(), 223U);
  EXPECT_EQ(batches[5].kind, BatchKind::kSchema);
  for (const auto& batch : batches) {
    EXPECT_EQ(std::count(batch.sql.begin(), batch.sql.end(), ';'), static_cast<long>(batch.lines.size() - 1));
  }
}

TEST(StatementBatchesTest, AfterAStatementThatCannotBeSplitEverythingStaysInOrder) {
  StatementBatcher batcher(1 << 20);
  Collected collected;
  const auto sink = collected.sink();
  const std::vector<std::string> statements = {
      "SET NAMES utf8mb4", "INSERT INTO t VALUES (1)", "LOCK TABLES t WRITE",   "INSERT INTO t VALUES (2)",
      "UNLOCK TABLES",     "SET unique_checks = 0",    "CREATE TABLE u (a INT)"};
  for (std::size_t index = 0; index < statements.size(); ++index) {
    ASSERT_TRUE(batcher.add({statements[index], index + 1}, sink).ok());
  }
  ASSERT_TRUE(batcher.flush(sink).ok());
  const auto& batches = collected.batches;
  ASSERT_EQ(batches.size(), 3U);
  EXPECT_EQ(batches[0].kind, BatchKind::kEverySession);
  EXPECT_EQ(batches[1].kind, BatchKind::kRows);
  EXPECT_EQ(batches[2].kind, BatchKind::kInOrder);
  EXPECT_EQ(batches[2].lines, (std::vector<std::uint64_t>{3, 4, 5, 6, 7}));
}

TEST(StatementBatchesTest, ASinkFailureIsReturned) {
  StatementBatcher batcher(10);
  const StatementBatcher::Sink failing = [](StatementBatch&&) -> core::Status {
    return core::fail(core::ErrorCategory::kIo, "server gone");
  };
  ASSERT_TRUE(batcher.add({"INSERT INTO t VALUES (1)", 1}, failing).ok()) << "nothing sent yet";
  auto status = batcher.add({"DROP TABLE t", 2}, failing);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "server gone");
}

}  // namespace
}  // namespace opsdeck::backup
