// The console's restore of database backups (BackupConsole::restore, what the Backups view's restore flow
// sends): a MariaDB backup replaces an existing database (after a safety dump) and the tables match the
// source; a backup whose data was altered after it was taken fails the restore's checksum check and the old
// database is put back from the safety dump, as the message says; a Redis backup goes back into its server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backend/backup/backup_console.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/logger.hpp"
#include "tests/integration/backup/backup_fixture.hpp"
#include "tests/integration/backup/mariadb_backup_fixture.hpp"

namespace opsdeck::backup::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct Outcome {
  bool ok = false;
  std::string text;  // the summary, or the error's message
};

Outcome console_restore(BackupConsole& console, const std::string& id, const std::string& target) {
  core::Logger logger(100, core::LogLevel::kWarn);
  core::JobRunner runner(1, logger);
  Outcome outcome;
  runner
      .submit("restore",
              [&](core::JobContext& job) -> core::Result<std::string> {
                auto restored = console.restore(id, target, job);
                outcome.ok = restored.ok();
                outcome.text = restored.ok() ? *restored : restored.error().message;
                return restored;
              })
      .wait();
  return outcome;
}

class ConsoleDatabaseRestoreTest : public BackupTest {
 protected:
  BackupConsole console() const {
    BackupConsoleSettings settings;
    settings.repo = dir("repo");
    settings.mariadb = opsdeck::testing::mariadb_options();
    settings.redis = opsdeck::testing::redis_options();
    return BackupConsole(settings);
  }
};

TEST_F(ConsoleDatabaseRestoreTest, MariadbRestoreReplacesTheDatabaseAndRollsBackOnAMismatch) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  auto connection = connect_or_fail();
  ASSERT_NE(connection, nullptr);
  const std::string source = fresh_database(*connection, "csrc");
  run(*connection, "CREATE TABLE " + sql_name(source) + ".t (id INT PRIMARY KEY, v VARCHAR(20))");
  run(*connection,
      "INSERT INTO " + sql_name(source) + ".t SELECT seq, CONCAT('value', seq) FROM seq_1_to_2000");
  const auto source_sums = checksums(*connection, source);
  const auto created =
      opsdeck({"backup", "create", "mariadb:" + opsdeck::testing::mariadb_options().socket + "/" + source,
               "--repo", dir("repo").string(), "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json()["id"];

  // The target exists with other data: it is replaced.
  const std::string target = fresh_database(*connection, "ctgt");
  run(*connection, "CREATE TABLE " + sql_name(target) + ".old (id INT PRIMARY KEY)");
  run(*connection, "INSERT INTO " + sql_name(target) + ".old VALUES (1), (2), (3)");
  auto backups = console();
  const auto restored = console_restore(backups, id, target);
  ASSERT_TRUE(restored.ok) << restored.text;
  EXPECT_THAT(restored.text, HasSubstr("into database " + target));
  EXPECT_EQ(checksums(*connection, target), source_sums);

  // Alter one value in the stored dump (same size): the load succeeds, the checksum check fails, and the
  // database as it was before this restore comes back from the safety dump. The retry falls in the same
  // second as the first restore: its safety dump must not collide with the first one's.
  const fs::path dump = dir("repo") / id / "data" / (source + ".sql");
  std::string text = read_file(dump);
  const auto at = text.find("'value1000'");
  ASSERT_NE(at, std::string::npos);
  text[at + 1] = 'V';
  write_file(dump, text);
  run(*connection, "INSERT INTO " + sql_name(target) + ".t VALUES (99999, 'added later')");
  const auto before_failed = checksums(*connection, target);
  const auto failed = console_restore(backups, id, target);
  EXPECT_FALSE(failed.ok) << failed.text;
  EXPECT_THAT(failed.text, HasSubstr("put back from the safety dump"));
  EXPECT_EQ(checksums(*connection, target), before_failed);

  run(*connection, "DROP DATABASE " + sql_name(source));
  run(*connection, "DROP DATABASE " + sql_name(target));
}

TEST_F(ConsoleDatabaseRestoreTest, RedisRestorePutsTheKeysBack) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  auto client = store::RedisClient::connect(opsdeck::testing::redis_options());
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE((*client)->command({"FLUSHDB"}).ok());
  ASSERT_TRUE((*client)->command({"SET", "console:kept", "original"}).ok());
  const auto created = opsdeck({"backup", "create", "redis:" + opsdeck::testing::redis_options().socket,
                                "--repo", dir("repo").string(), "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  ASSERT_TRUE((*client)->command({"SET", "console:kept", "changed"}).ok());
  auto backups = console();
  const auto restored = console_restore(backups, created.json()["id"], "redis");
  ASSERT_TRUE(restored.ok) << restored.text;
  EXPECT_EQ((*client)->command({"GET", "console:kept"})->text, "original");
  ASSERT_TRUE((*client)->command({"FLUSHDB"}).ok());
}

}  // namespace
}  // namespace opsdeck::backup::testing
