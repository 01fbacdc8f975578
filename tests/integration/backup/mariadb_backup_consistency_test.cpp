// A dump taken while a writer commits transfers is one consistent snapshot (balances sum to the same total,
// the log holds exactly as many rows as the counter says); a restore that fails halfway, or a dump that was
// cut short, leaves the existing database exactly as it was.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "backend/backup/mariadb/mariadb_dump.hpp"
#include "backend/backup/mariadb/mariadb_restore.hpp"
#include "tests/integration/backup/mariadb_backup_fixture.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup {
namespace {

using namespace opsdeck::backup::testing;

constexpr int kAccounts = 50;
constexpr int kPrefilledLog = 20000;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

TEST(MariadbBackupConsistencyTest, DumpDuringTransfersIsOneSnapshot) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  auto connection = connect_or_fail();
  ASSERT_NE(connection, nullptr);
  const std::string database = fresh_database(*connection, "bank");
  const std::string db = sql_name(database);
  run(*connection, "CREATE TABLE " + db + ".accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
  run(*connection, "CREATE TABLE " + db + ".counter (id INT PRIMARY KEY, transfers BIGINT NOT NULL)");
  run(*connection,
      "CREATE TABLE " + db + ".log (id BIGINT AUTO_INCREMENT PRIMARY KEY, account INT, amount INT)");
  run(*connection,
      "INSERT INTO " + db + ".accounts SELECT seq, 1000 FROM seq_1_to_" + std::to_string(kAccounts));
  run(*connection, "INSERT INTO " + db + ".counter VALUES (1, 0)");
  run(*connection, "INSERT INTO " + db + ".log (account, amount) SELECT 0, 0 FROM seq_1_to_" +
                       std::to_string(kPrefilledLog));

  std::atomic<bool> stop{false};
  std::atomic<int> committed{0};
  std::thread writer([&] {
    auto writer_connection = connect_or_fail();
    if (!writer_connection) {
      return;
    }
    std::mt19937 random(7);
    for (int round = 0; round < 1000000 && !stop.load(); ++round) {
      const std::int64_t from = 1 + static_cast<std::int64_t>(random() % kAccounts);
      const std::int64_t to = 1 + static_cast<std::int64_t>(random() % kAccounts);
      const std::int64_t amount = 1 + static_cast<std::int64_t>(random() % 50);
      auto transaction = store::Transaction::begin(*writer_connection);
      if (!transaction.ok()) {
        ADD_FAILURE() << transaction.error().describe();
        return;
      }
      const bool ok =
          writer_connection
              ->execute("UPDATE " + db + ".accounts SET balance = balance - ? WHERE id = ?", {amount, from})
              .ok() &&
          writer_connection
              ->execute("UPDATE " + db + ".accounts SET balance = balance + ? WHERE id = ?", {amount, to})
              .ok() &&
          writer_connection
              ->execute("INSERT INTO " + db + ".log (account, amount) VALUES (?, ?)", {to, amount})
              .ok() &&
          writer_connection->execute_plain("UPDATE " + db + ".counter SET transfers = transfers + 1").ok();
      if (!ok || !transaction->commit().ok()) {
        ADD_FAILURE() << "a transfer failed";
        return;
      }
      committed.fetch_add(1);
    }
  });
  // Let the writer get going (bounded: at most ~20 s of polling), then dump while it keeps committing.
  for (int wait = 0; wait < 2000 && committed.load() < 200; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const int committed_before = committed.load();
  opsdeck::testing::TemporaryDirectory directory;
  MariadbDumpOptions options;
  options.chunk_rows = 500;  // the log is read in many key ranges, all inside the snapshot
  options.max_statement_bytes = 8192;
  auto dumped = dump_mariadb_databases(opsdeck::testing::mariadb_options(), {database}, directory.path(),
                                       options, nullptr);
  const int committed_after = committed.load();
  stop = true;
  writer.join();
  ASSERT_TRUE(dumped.ok()) << dumped.error().describe();

  const std::string restored = "bk_bank_restored_" + std::to_string(::getpid());
  const auto& dump = dumped->databases.front();
  MariadbRestoreRequest request{restored, dump.file, directory.path() / "safety", dump.objects, {}};
  auto result = restore_mariadb_database(opsdeck::testing::mariadb_options(), request, nullptr);
  ASSERT_TRUE(result.ok()) << result.error().describe();
  const std::string target = sql_name(restored);
  EXPECT_EQ(scalar(*connection, "SELECT SUM(balance) FROM " + target + ".accounts"), kAccounts * 1000);
  const std::int64_t transfers = scalar(*connection, "SELECT transfers FROM " + target + ".counter");
  EXPECT_EQ(scalar(*connection, "SELECT COUNT(*) FROM " + target + ".log"), kPrefilledLog + transfers);
  EXPECT_GE(transfers, committed_before);
  EXPECT_LE(transfers, committed_after);
  for (const auto& object : dump.objects) {
    if (object.name == "log") {
      EXPECT_EQ(static_cast<std::int64_t>(object.rows), kPrefilledLog + transfers);
    }
  }
  run(*connection, "DROP DATABASE " + db);
  run(*connection, "DROP DATABASE " + target);
}

class MariadbFailedRestoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    connection_ = connect_or_fail();
    ASSERT_NE(connection_, nullptr);
    // The database in production: must survive every failed restore byte for byte.
    live_ = fresh_database(*connection_, "live");
    run(*connection_, "CREATE TABLE " + sql_name(live_) + ".orders (id INT PRIMARY KEY, note VARCHAR(50))");
    run(*connection_,
        "INSERT INTO " + sql_name(live_) + ".orders SELECT seq, CONCAT('order ', seq) FROM seq_1_to_500");
    before_ = checksums(*connection_, live_);
    // The backup to restore: different data, many statements.
    other_ = fresh_database(*connection_, "other");
    run(*connection_, "CREATE TABLE " + sql_name(other_) + ".items (id INT PRIMARY KEY, v VARCHAR(30))");
    run(*connection_, "INSERT INTO " + sql_name(other_) + ".items SELECT seq, 'item' FROM seq_1_to_2000");
    MariadbDumpOptions options;
    options.max_statement_bytes = 2048;
    auto dumped = dump_mariadb_databases(opsdeck::testing::mariadb_options(), {other_}, directory_.path(),
                                         options, nullptr);
    ASSERT_TRUE(dumped.ok()) << dumped.error().describe();
    dump_ = dumped->databases.front();
  }

  void TearDown() override {
    if (connection_) {
      run(*connection_, "DROP DATABASE IF EXISTS " + sql_name(live_));
      run(*connection_, "DROP DATABASE IF EXISTS " + sql_name(other_));
    }
  }

  core::Result<MariadbRestoreReport> restore(const std::string& target, const std::filesystem::path& file) {
    MariadbRestoreRequest request{target, file, directory_.path() / "safety", dump_.objects, {}};
    return restore_mariadb_database(opsdeck::testing::mariadb_options(), request, nullptr);
  }

  std::unique_ptr<store::MariadbConnection> connection_;
  opsdeck::testing::TemporaryDirectory directory_;
  std::string live_;
  std::string other_;
  std::map<std::string, std::string> before_;
  MariadbDatabaseDump dump_;
};

TEST_F(MariadbFailedRestoreTest, ACorruptedDumpHalfwayPutsTheOldDatabaseBack) {
  std::string content = read_file(dump_.file);
  const std::size_t middle = content.find("INSERT INTO", content.size() / 2);
  ASSERT_NE(middle, std::string::npos);
  content.insert(middle, "INSERT INTO `items` VALUES (this is not SQL at all);\n");
  const auto corrupted = directory_.path() / "corrupted.sql";
  write_file(corrupted, content);

  auto result = restore(live_, corrupted);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("failed"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("the old database was put back"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("line "), std::string::npos) << result.error().message;
  EXPECT_EQ(checksums(*connection_, live_), before_);
}

TEST_F(MariadbFailedRestoreTest, ADumpThatDoesNotMatchItsChecksumsIsRolledBack) {
  std::string content = read_file(dump_.file);
  const std::size_t value = content.find("'item'");
  ASSERT_NE(value, std::string::npos);
  content.replace(value, 6, "'itex'");  // still valid SQL, but not the data that was dumped
  const auto altered = directory_.path() / "altered.sql";
  write_file(altered, content);
  auto result = restore(live_, altered);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("does not match"), std::string::npos) << result.error().message;
  EXPECT_EQ(checksums(*connection_, live_), before_);
}

TEST_F(MariadbFailedRestoreTest, ADumpCutShortIsRefusedBeforeTouchingAnything) {
  const std::string content = read_file(dump_.file);
  const auto truncated = directory_.path() / "truncated.sql";
  write_file(truncated, content.substr(0, content.size() / 2));
  auto result = restore(live_, truncated);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("cut short"), std::string::npos) << result.error().message;
  EXPECT_EQ(checksums(*connection_, live_), before_);
  EXPECT_FALSE(std::filesystem::exists(directory_.path() / "safety"));
}

TEST_F(MariadbFailedRestoreTest, AFailedRestoreIntoANewDatabaseLeavesNoHalfDatabase) {
  std::string content = read_file(dump_.file);
  content.insert(content.find("INSERT INTO", content.size() / 2), "NOT SQL;\n");
  const auto corrupted = directory_.path() / "corrupted.sql";
  write_file(corrupted, content);
  const std::string fresh = "bk_never_" + std::to_string(::getpid());
  auto result = restore(fresh, corrupted);
  ASSERT_FALSE(result.ok());
  auto found =
      connection_->execute("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", {fresh});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->rows.at(0).get<std::int64_t>(0).value_or(-1), 0);  // prepared: typed
}

TEST_F(MariadbFailedRestoreTest, SystemDatabasesAndBadNamesAreRefused) {
  EXPECT_FALSE(restore("mysql", dump_.file).ok());
  EXPECT_FALSE(restore(std::string("bad\0name", 8), dump_.file).ok());
  EXPECT_FALSE(restore(std::string(65, 'x'), dump_.file).ok());
}

}  // namespace
}  // namespace opsdeck::backup
