// A live service directory: a writer keeps committing to two LMDB databases (one transaction updates both)
// while `opsdeck backup create` runs. The restored environment opens, its databases agree with each other and
// hold exactly some committed state; a restore is refused while the writer holds the environment, naming it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/integration/backup/backup_fixture.hpp"

namespace opsdeck::backup::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

bool has_entry_starting_with(const fs::path& directory, const std::string& prefix) {
  for (const auto& item : fs::directory_iterator(directory)) {
    if (item.path().filename().string().rfind(prefix, 0) == 0) {
      return true;
    }
  }
  return false;
}

TEST_F(BackupTest, LiveLmdbBackupIsConsistentAndRestoreWaitsForTheService) {
  const fs::path source = dir("service");
  const fs::path repo = dir("repo");
  write_file(source / "cell.yaml", "name: cortex00\n");
  write_file(source / "slabs/notes.txt", "notes\n");
  write_file(source / "tmp/scratch", "scratch space is not backed up");
  write_file(source / "backups/old", "the service's own backups are not backed up");
  fs::create_symlink("cell.yaml", source / "cell.link");
  fs::permissions(source / "cell.yaml",
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);

  LmdbWriter writer(source / "db");
  ASSERT_TRUE(writer.wait_for_commits(200)) << "the LMDB writer did not start committing";
  const std::uint64_t before = writer.committed();
  const auto created = opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--json"});
  const std::uint64_t after = writer.committed();
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const auto json = created.json();
  const std::string id = json.value("id", "");
  ASSERT_EQ(id.size(), 14u) << created.output;
  ASSERT_EQ(json["lmdb_environments"].size(), 1u) << created.output;
  EXPECT_EQ(json["lmdb_environments"][0]["path"], "db");

  // The writer still has the environment open: a restore over it is refused and names the writer.
  const auto refused =
      opsdeck({"backup", "restore", id, "--to", source.string(), "--yes", "--repo", repo.string()});
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("pid " + std::to_string(writer.pid())));
  EXPECT_FALSE(has_entry_starting_with(dir(""), "service.pre-restore-"));
  EXPECT_FALSE(has_entry_starting_with(dir(""), ".service.restore-"));
  writer.stop();

  const fs::path restored = dir("restored");
  const auto restore =
      opsdeck({"backup", "restore", id, "--to", restored.string(), "--yes", "--repo", repo.string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.output;
  const auto contents = read_lmdb_contents(restored / "db");
  ASSERT_TRUE(contents.a.count("counter")) << "the restored database a has no counter";
  EXPECT_EQ(contents.a, contents.b) << "the two databases of one transaction disagree";
  const std::uint64_t counter = std::stoull(contents.a.at("counter"));
  EXPECT_GE(counter, before);
  EXPECT_LE(counter, after);
  EXPECT_EQ(contents.a.size(), counter + 1) << "not exactly the keys of commit " << counter;
  char last_key[32];
  std::snprintf(last_key, sizeof last_key, "key-%012llu", static_cast<unsigned long long>(counter));
  EXPECT_EQ(contents.a.count(last_key), 1u);

  EXPECT_EQ(read_file(restored / "cell.yaml"), "name: cortex00\n");
  EXPECT_EQ(fs::status(restored / "cell.yaml").permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(fs::read_symlink(restored / "cell.link"), "cell.yaml");
  EXPECT_EQ(read_file(restored / "slabs/notes.txt"), "notes\n");
  EXPECT_FALSE(fs::exists(restored / "tmp"));
  EXPECT_FALSE(fs::exists(restored / "backups"));

  // With the service stopped, restoring over it swaps and keeps the old data beside it.
  const auto old_counter = read_file(source / "writer.progress");
  const auto swapped =
      opsdeck({"backup", "restore", id, "--to", source.string(), "--yes", "--repo", repo.string()});
  ASSERT_EQ(swapped.exit_code, 0) << swapped.output;
  EXPECT_THAT(swapped.output, HasSubstr("service.pre-restore-"));
  EXPECT_EQ(read_lmdb_contents(source / "db").a, contents.a);
  bool kept_old = false;
  for (const auto& item : fs::directory_iterator(dir(""))) {
    if (item.path().filename().string().rfind("service.pre-restore-", 0) == 0) {
      kept_old = read_file(item.path() / "writer.progress") == old_counter &&
                 fs::exists(item.path() / "tmp/scratch");
    }
  }
  EXPECT_TRUE(kept_old) << "the old service directory was not kept as service.pre-restore-<time>";
}

}  // namespace
}  // namespace opsdeck::backup::testing
