// The dump loader on the private server: a dump of two tables loads on three connections (small batches, so
// rows of one table go out on all of them) with CHECKSUM TABLE equal to the source; a failing row statement
// on any connection stops the load and names its line; rows are committed even when the server's default is
// autocommit=0; a dump with table locks (which must not be split across connections) loads in order without
// waiting on itself.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "backend/backup/mariadb/dump_file.hpp"
#include "backend/backup/mariadb/mariadb_dump.hpp"
#include "backend/backup/mariadb/mariadb_dump_loader.hpp"
#include "tests/integration/backup/mariadb_backup_fixture.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup {
namespace {

using testing::checksums;
using testing::connect_or_fail;
using testing::fresh_database;
using testing::run;
using testing::sql_name;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

class MariadbDumpLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    connection_ = connect_or_fail();
    ASSERT_NE(connection_, nullptr);
    source_ = fresh_database(*connection_, "lsrc");
    target_ = fresh_database(*connection_, "ldst");
    const std::string db = sql_name(source_);
    run(*connection_, "CREATE TABLE " + db +
                          ".orders (id BIGINT PRIMARY KEY, note VARCHAR(60), total DECIMAL(10,2), "
                          "payload VARBINARY(16), placed DATETIME)");
    run(*connection_, "INSERT INTO " + db +
                          ".orders SELECT seq, CONCAT('order ', seq, ' ''quoted'' ü'), seq / 100, "
                          "UNHEX(MD5(seq)), '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_30000");
    run(*connection_, "CREATE TABLE " + db + ".notes (k VARCHAR(20) PRIMARY KEY, v TEXT)");
    run(*connection_, "INSERT INTO " + db + ".notes SELECT CONCAT('k', seq), REPEAT('n', seq % 300) " +
                          "FROM seq_1_to_3000");
    MariadbDumpOptions options;
    options.max_statement_bytes = 4096;
    auto dumped = dump_mariadb_databases(opsdeck::testing::mariadb_options(), {source_}, directory_.path(),
                                         options, nullptr);
    ASSERT_TRUE(dumped.ok()) << dumped.error().describe();
    dump_ = dumped->databases.front().file;
  }

  void TearDown() override {
    if (connection_) {
      run(*connection_, "DROP DATABASE IF EXISTS " + sql_name(source_));
      run(*connection_, "DROP DATABASE IF EXISTS " + sql_name(target_));
    }
  }

  core::Result<LoadStatistics> load(const std::filesystem::path& file, unsigned connections,
                                    bool require_marker = true) {
    auto session = MariadbRawSession::open(opsdeck::testing::mariadb_options());
    OPSDECK_TRY(session);
    OPSDECK_TRY((*session)->run("USE " + sql_name(target_)));
    LoadOptions options;
    options.batch_bytes = 64U << 10U;
    options.connections = connections;
    options.require_complete_marker = require_marker;
    return load_dump_file(**session, file, options, nullptr);
  }

  std::unique_ptr<store::MariadbConnection> connection_;
  opsdeck::testing::TemporaryDirectory directory_;
  std::string source_;
  std::string target_;
  std::filesystem::path dump_;
};

TEST_F(MariadbDumpLoaderTest, LoadsOnSeveralConnectionsWithEqualChecksums) {
  auto loaded = load(dump_, 3);
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_EQ(loaded->connections, 3U);
  EXPECT_GT(loaded->bytes, 1U << 20U) << "more than a megabyte: many 64 KiB batches";
  EXPECT_GT(loaded->statements, 100U);
  const auto source = checksums(*connection_, source_);
  ASSERT_EQ(source.size(), 2U);
  EXPECT_EQ(source.at("orders").substr(0, 6), "30000/");
  EXPECT_EQ(checksums(*connection_, target_), source);

  // The same dump on one connection loads the same rows.
  run(*connection_, "DROP DATABASE " + sql_name(target_));
  run(*connection_, "CREATE DATABASE " + sql_name(target_));
  auto single = load(dump_, 1);
  ASSERT_TRUE(single.ok()) << single.error().describe();
  EXPECT_EQ(single->connections, 1U);
  EXPECT_EQ(single->statements, loaded->statements);
  EXPECT_EQ(checksums(*connection_, target_), source);
}

TEST_F(MariadbDumpLoaderTest, AFailingRowStatementStopsTheLoadAndNamesItsLine) {
  std::string content = read_file(dump_);
  // A bad row statement three quarters into the orders rows: it runs on one of the row connections.
  const std::size_t at = content.find("INSERT INTO", content.size() * 3 / 4);
  ASSERT_NE(at, std::string::npos);
  content.insert(at, "INSERT INTO `orders` VALUES (not valid);\n");
  const auto line = 1 + std::count(content.begin(), content.begin() + static_cast<long>(at), '\n');
  const auto broken = directory_.path() / "broken.sql";
  write_file(broken, content);
  auto loaded = load(broken, 3);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("line " + std::to_string(line) + " of " + broken.string()),
            std::string::npos)
      << loaded.error().message;
  EXPECT_NE(loaded.error().message.find("Unknown column"), std::string::npos) << loaded.error().message;
}

TEST_F(MariadbDumpLoaderTest, RowsAreCommittedWhenTheServerDefaultsToAutocommitOff) {
  run(*connection_, "SET GLOBAL autocommit = 0");
  auto loaded = load(dump_, 3);
  run(*connection_, "SET GLOBAL autocommit = 1");
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  // Read on a new connection: only committed rows count.
  auto reader = connect_or_fail();
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(checksums(*reader, target_), checksums(*reader, source_));
}

TEST_F(MariadbDumpLoaderTest, TableLocksAndTransactionsStayOnOneConnection) {
  // What `mariadb-dump` writes around rows: with rows on other connections, LOCK TABLES ... WRITE on the
  // first would make them wait for a lock that is only released after them.
  const std::string dump =
      "SET NAMES utf8mb4;\nCREATE TABLE `locked` (id INT PRIMARY KEY, v VARCHAR(10));\n"
      "LOCK TABLES `locked` WRITE;\nINSERT INTO `locked` VALUES (1,'a'),(2,'b');\n"
      "INSERT INTO `locked` VALUES (3,'c');\nUNLOCK TABLES;\n"
      "SET autocommit = 0;\nINSERT INTO `locked` VALUES (4,'d');\nCOMMIT;\n" +
      std::string(kDumpCompleteMarker);
  const auto file = directory_.path() / "locks.sql";
  write_file(file, dump);
  auto loaded = load(file, 3);
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_EQ(loaded->statements, 9U);
  EXPECT_EQ(testing::scalar(*connection_, "SELECT COUNT(*) FROM " + sql_name(target_) + ".`locked`"), 4);
}

}  // namespace
}  // namespace opsdeck::backup
