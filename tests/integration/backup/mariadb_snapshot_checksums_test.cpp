// The checksums recorded by a dump are those of the rows it dumped, whether they came from the second
// connection (the usual case) or, when a long transaction keeps the tables from being read-locked for a
// moment, from the dump's own connection: the dump still succeeds and holds none of the uncommitted rows.
#include <gtest/gtest.h>

#include "backend/backup/mariadb/mariadb_dump.hpp"
#include "backend/backup/mariadb/mariadb_restore.hpp"
#include "tests/integration/backup/mariadb_backup_fixture.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup {
namespace {

using namespace opsdeck::backup::testing;

std::map<std::string, std::uint64_t> recorded_checksums(const MariadbDatabaseDump& dump) {
  std::map<std::string, std::uint64_t> recorded;
  for (const auto& object : dump.objects) {
    if (object.checksum) {
      recorded[object.name] = *object.checksum;
    }
  }
  return recorded;
}

std::map<std::string, std::uint64_t> live_checksums(store::MariadbConnection& connection,
                                                    const std::string& database) {
  std::map<std::string, std::uint64_t> live;
  for (const auto& [table, value] : checksums(connection, database)) {
    live[table] = std::stoull(value.substr(value.find('/') + 1));  // "rows/checksum"
  }
  return live;
}

class SnapshotChecksumsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    connection_ = connect_or_fail();
    ASSERT_NE(connection_, nullptr);
    database_ = fresh_database(*connection_, "sums");
    for (const char* table : {"a", "b", "c"}) {
      run(*connection_, "CREATE TABLE " + sql_name(database_) + "." + table +
                            " (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB");
      run(*connection_, "INSERT INTO " + sql_name(database_) + "." + table + " SELECT seq, CONCAT('" + table +
                            "', seq) FROM seq_1_to_3000");
    }
  }
  void TearDown() override {
    if (connection_) {
      run(*connection_, "DROP DATABASE IF EXISTS " + sql_name(database_));
    }
  }

  std::unique_ptr<store::MariadbConnection> connection_;
  std::string database_;
};

TEST_F(SnapshotChecksumsTest, RecordedChecksumsAreThoseOfTheTables) {
  opsdeck::testing::TemporaryDirectory directory;
  auto dumped = dump_mariadb_database_to(opsdeck::testing::mariadb_options(), database_,
                                         directory.path() / "sums.sql", {}, nullptr);
  ASSERT_TRUE(dumped.ok()) << dumped.error().describe();
  EXPECT_EQ(recorded_checksums(*dumped).size(), 3u);
  EXPECT_EQ(recorded_checksums(*dumped), live_checksums(*connection_, database_));
}

TEST_F(SnapshotChecksumsTest, AnOpenWriteTransactionFallsBackToTheDumpsOwnConnection) {
  auto writer = connect_or_fail();
  ASSERT_NE(writer, nullptr);
  const auto before = live_checksums(*connection_, database_);
  // Uncommitted rows in b keep LOCK TABLES ... READ from being granted (the dump gives up after a second).
  ASSERT_TRUE(writer->execute_plain("START TRANSACTION").ok());
  ASSERT_TRUE(
      writer->execute_plain("INSERT INTO " + sql_name(database_) + ".b VALUES (900001, 'uncommitted')").ok());
  opsdeck::testing::TemporaryDirectory directory;
  auto dumped = dump_mariadb_database_to(opsdeck::testing::mariadb_options(), database_,
                                         directory.path() / "sums.sql", {}, nullptr);
  ASSERT_TRUE(writer->execute_plain("ROLLBACK").ok());
  ASSERT_TRUE(dumped.ok()) << dumped.error().describe();
  EXPECT_EQ(recorded_checksums(*dumped), before);
  for (const auto& object : dumped->objects) {
    EXPECT_EQ(object.rows, 3000u) << object.name;
  }
  // The dump restores and its recorded checksums verify against the restored tables.
  const std::string restored = "bk_sums_restored_" + std::to_string(::getpid());
  MariadbRestoreRequest request{restored, dumped->file, directory.path() / "safety", dumped->objects, {}};
  auto result = restore_mariadb_database(opsdeck::testing::mariadb_options(), request, nullptr);
  ASSERT_TRUE(result.ok()) << result.error().describe();
  EXPECT_EQ(result->tables_verified, 3u);
  run(*connection_, "DROP DATABASE " + sql_name(restored));
}

}  // namespace
}  // namespace opsdeck::backup
