// `opsdeck backup create mariadb:<socket>/<db>` and `redis:<socket>`, then `backup verify --read-data` and
// `backup restore ID --to db:<name> --yes` (and `--flush` for Redis), through the real binary.
#include <gtest/gtest.h>

#include "tests/integration/backup/backup_fixture.hpp"
#include "tests/integration/backup/mariadb_backup_fixture.hpp"

namespace opsdeck::backup {
namespace {

using namespace opsdeck::backup::testing;
using MariadbBackupCliTest = BackupTest;

TEST_F(MariadbBackupCliTest, MariadbBackupRestoresIntoANamedDatabase) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  auto connection = connect_or_fail();
  ASSERT_NE(connection, nullptr);
  const std::string source = fresh_database(*connection, "cli");
  run(*connection, "CREATE TABLE " + sql_name(source) + ".t (id INT PRIMARY KEY, v VARBINARY(10), w TEXT)");
  run(*connection, "INSERT INTO " + sql_name(source) +
                       ".t SELECT seq, UNHEX(HEX(seq)), REPEAT('é', seq % 7) FROM seq_1_to_3000");
  const auto before = checksums(*connection, source);
  const std::string repo = dir("repo").string();
  const std::string socket = opsdeck::testing::mariadb_options().socket;

  const CliRun created =
      opsdeck({"backup", "create", "mariadb:" + socket + "/" + source, "--repo", repo, "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json().value("id", "");
  ASSERT_FALSE(id.empty()) << created.output;
  EXPECT_EQ(created.json().value("kind", ""), "mariadb");

  const CliRun verified = opsdeck({"backup", "verify", id, "--read-data", "--repo", repo});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;

  const std::string target = "bk_cli_target_" + std::to_string(::getpid());
  const CliRun refused = opsdeck({"backup", "restore", id, "--to", "db:" + target, "--repo", repo});
  EXPECT_NE(refused.exit_code, 0);  // no --yes
  const CliRun restored = opsdeck({"backup", "restore", id, "--to", "db:" + target, "--yes", "--repo", repo});
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  EXPECT_EQ(checksums(*connection, target), before);

  run(*connection, "DROP DATABASE " + sql_name(source));
  run(*connection, "DROP DATABASE " + sql_name(target));
}

TEST_F(MariadbBackupCliTest, RedisBackupRestoresWithFlush) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  auto client = store::RedisClient::connect(opsdeck::testing::redis_options());
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE((*client)->command({"FLUSHDB"}).ok());
  ASSERT_TRUE((*client)->command({"SET", "cli:kept", "original"}).ok());
  ASSERT_TRUE((*client)->command({"HSET", "cli:hash", "a", "1"}).ok());
  const std::string repo = dir("repo").string();
  const CliRun created = opsdeck(
      {"backup", "create", "redis:" + opsdeck::testing::redis_options().socket, "--repo", repo, "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json().value("id", "");

  ASSERT_TRUE((*client)->command({"SET", "cli:kept", "changed"}).ok());
  ASSERT_TRUE((*client)->command({"SET", "cli:new", "x"}).ok());
  const CliRun restored =
      opsdeck({"backup", "restore", id, "--to", "redis", "--flush", "--yes", "--repo", repo});
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  EXPECT_EQ((*client)->command({"GET", "cli:kept"})->text, "original");
  EXPECT_EQ((*client)->command({"EXISTS", "cli:new"})->integer, 0);  // flushed
  EXPECT_EQ((*client)->command({"HGET", "cli:hash", "a"})->text, "1");
  ASSERT_TRUE((*client)->command({"FLUSHDB"}).ok());
}

}  // namespace
}  // namespace opsdeck::backup
