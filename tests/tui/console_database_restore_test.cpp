// The Backups view restores a MariaDB backup in the real console: a backup of a database on the local stack
// is listed, `r` proposes the database's own name, the preview shows its table, the database name must be
// typed to confirm, and afterwards the table holds the backed-up rows again.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "backend/core/process.hpp"
#include "backend/stack/stack_engine.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "tests/support/console_session.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;
constexpr std::chrono::milliseconds kJobTimeout{30000};

std::string checksum(store::MariadbConnection& connection, const std::string& table) {
  auto result = connection.execute_plain("CHECKSUM TABLE " + table);
  EXPECT_TRUE(result.ok()) << result.error().describe();
  return result.ok() ? result->rows.at(0).get<std::string>(1).value_or("NULL") : "";
}

TEST(ConsoleDatabaseRestoreTest, RestoresAMariadbBackupAfterTheTypedDatabaseName) {
  TemporaryDirectory scratch;
  const fs::path repo = scratch.path() / "repo";
  ConsoleSession console(
      ConsoleOptions::sized(150, 40).with_environment("OPSDECK_BACKUP_REPO", repo.string()));
  ASSERT_TRUE(console.wait_drawn());

  stack::StackSettings settings;
  settings.state_dir = console_state_dir();
  const auto options = stack::StackEngine(settings).mariadb_options();
  auto connection = store::MariadbConnection::connect(options);
  ASSERT_TRUE(connection.ok()) << connection.error().describe();
  const std::string database = "bk_tui_" + std::to_string(::getpid());
  const std::string table = "`" + database + "`.t";
  ASSERT_TRUE((*connection)->execute_plain("DROP DATABASE IF EXISTS `" + database + "`").ok());
  ASSERT_TRUE((*connection)->execute_plain("CREATE DATABASE `" + database + "`").ok());
  ASSERT_TRUE(
      (*connection)->execute_plain("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20))").ok());
  ASSERT_TRUE(
      (*connection)
          ->execute_plain("INSERT INTO " + table + " SELECT seq, CONCAT('row', seq) FROM seq_1_to_2000")
          .ok());
  const std::string original = checksum(**connection, table);

  const fs::path config = scratch.path() / "empty.json";
  std::ofstream(config) << "{}\n";
  core::SpawnOptions create;
  create.argv = {opsdeck_binary().string(),
                 "--state-dir",
                 (scratch.path() / "cli-state").string(),
                 "backup",
                 "create",
                 "mariadb:" + options.socket + "/" + database,
                 "--repo",
                 repo.string()};
  create.environment = {{"OPSDECK_CONFIG", config.string()}};
  auto created = core::run_and_capture(create, std::chrono::minutes(1));
  ASSERT_TRUE(created.ok()) << created.error().describe();
  ASSERT_EQ(created->status.code, 0) << created->output;

  ASSERT_TRUE((*connection)->execute_plain("DELETE FROM " + table + " WHERE id > 500").ok());
  ASSERT_NE(checksum(**connection, table), original);

  console.send_keys({":"});
  console.send_text("backups");
  console.send_keys({"Enter"});
  console.send_keys({"R"});
  const std::regex row(R"(\b20\d{12}\s+mariadb\b)");
  ASSERT_TRUE(console.wait_until(
      "the MariaDB backup in the table",
      [&](const std::string& screen) { return std::regex_search(screen, row); }, kJobTimeout));
  console.send_keys({"f", "r"});
  ASSERT_TRUE(console.wait_for("Restore into:", kDrawTimeout));
  ASSERT_TRUE(console.wait_for(database, kDrawTimeout)) << "the target is the backed-up database";
  console.send_keys({"Enter"});
  ASSERT_TRUE(console.wait_for("2,000", kJobTimeout)) << "the preview's row count";
  console.send_keys({"Enter"});
  ASSERT_TRUE(console.wait_for("Type \"" + database + "\" to confirm", kDrawTimeout));
  console.send_text("wrong");
  console.send_keys({"Enter"});
  ASSERT_TRUE(console.wait_for("does not match", kDrawTimeout));
  for (int i = 0; i < 5; ++i) {
    console.send_keys({"BSpace"});
  }
  console.send_text(database);
  console.send_keys({"Enter"});
  ASSERT_TRUE(console.wait_for("restored mariadb backup", kJobTimeout)) << "the restore's summary";
  EXPECT_EQ(checksum(**connection, table), original);
  EXPECT_TRUE((*connection)->execute_plain("DROP DATABASE `" + database + "`").ok());
}

}  // namespace
}  // namespace opsdeck::testing
