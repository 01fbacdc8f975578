// BackupConsole: the Backups view's engine side on real directories. A backup of a configured source shows
// up in the published snapshot with its source's last backup; preview and restore work on a real target;
// a restore that fails part way (a corrupted backup) leaves the target's old data byte for byte and says
// it was rolled back.
#include "backend/backup/backup_console.hpp"

#include <gtest/gtest.h>

#include "backend/backup/backup_console_commands.hpp"
#include "tests/unit/backup/console_backup_fixture.hpp"

namespace opsdeck::backup {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::run_job;
using testing::write_text;

class BackupConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(scratch_.path().empty());
    source_ = scratch_.path() / "service";
    write_text(source_ / "settings.json", R"({"name":"service"})");
    write_text(source_ / "data/records.db", std::string(50000, 'r'));
    BackupConsoleSettings settings;
    settings.repo = scratch_.path() / "repo";
    settings.sources = {{"service", source_}};
    settings.workers = 2;
    console_ = std::make_unique<BackupConsole>(std::move(settings));
  }

  core::JobInfo command(std::string_view name, std::vector<std::string> args) {
    return run_job(
        [&](core::JobContext& context) { return run_backup_command(*console_, name, args, context); });
  }

  std::string create_backup() {
    auto job = command(kBackupCreateCommand, {"service"});
    EXPECT_EQ(job.state, core::JobState::kSucceeded) << job.error;
    console_->refresh();
    auto listing = console_->snapshots().latest();
    return listing->backups.empty() ? "" : listing->backups.front().id;
  }

  opsdeck::testing::TemporaryDirectory scratch_;
  fs::path source_;
  std::unique_ptr<BackupConsole> console_;
};

TEST_F(BackupConsoleTest, ARepositoryThatDoesNotExistYetListsSourcesAsNeverBackedUp) {
  console_->refresh();
  auto listing = console_->snapshots().latest();
  ASSERT_TRUE(listing->loaded);
  EXPECT_TRUE(listing->error.empty()) << listing->error;
  EXPECT_NE(listing->note.find("does not exist yet"), std::string::npos);
  ASSERT_EQ(listing->sources.size(), 1u);
  EXPECT_EQ(listing->sources[0].name, "service");
  EXPECT_EQ(listing->sources[0].location, source_.string());
  EXPECT_TRUE(listing->sources[0].last_backup_id.empty());
}

TEST_F(BackupConsoleTest, ABackupAppearsWithItsSourcesLastBackup) {
  const std::string id = create_backup();
  ASSERT_FALSE(id.empty());
  auto listing = console_->snapshots().latest();
  ASSERT_EQ(listing->backups.size(), 1u);
  const auto& entry = listing->backups[0];
  EXPECT_EQ(entry.source, "service");
  EXPECT_EQ(entry.kind, "directory");
  EXPECT_EQ(entry.files, 2u);
  EXPECT_EQ(entry.size, 50000u + 18u);
  EXPECT_EQ(entry.restore_target, source_.string());
  EXPECT_EQ(entry.verification.state, VerifyState::kUnverified);
  ASSERT_EQ(listing->sources.size(), 1u);
  EXPECT_EQ(listing->sources[0].last_backup_id, id);
  EXPECT_GT(listing->sources[0].last_backup_at, 0);
  EXPECT_TRUE(listing->note.empty());
}

TEST_F(BackupConsoleTest, PreviewIsPublishedAndRestoreWritesTheFiles) {
  const std::string id = create_backup();
  ASSERT_FALSE(id.empty());
  const fs::path target = scratch_.path() / "restored";
  auto previewed = command(kBackupPreviewCommand, {id, target.string()});
  ASSERT_EQ(previewed.state, core::JobState::kSucceeded) << previewed.error;
  auto listing = console_->snapshots().latest();
  ASSERT_TRUE(listing->preview.has_value());
  EXPECT_TRUE(listing->preview->ready);
  EXPECT_EQ(listing->preview->backup_id, id);
  EXPECT_EQ(listing->preview->added, 2u);
  EXPECT_EQ(listing->preview->confirm_text, "restored");

  auto restored = command(kBackupRestoreCommand, {id, target.string()});
  ASSERT_EQ(restored.state, core::JobState::kSucceeded) << restored.error;
  EXPECT_NE(restored.result.find("2 files"), std::string::npos) << restored.result;
  EXPECT_EQ(read_text(target / "settings.json"), R"({"name":"service"})");
  EXPECT_EQ(read_text(target / "data/records.db"), std::string(50000, 'r'));
}

TEST_F(BackupConsoleTest, AFailedRestoreLeavesTheOldDataAndSaysItWasRolledBack) {
  const std::string id = create_backup();
  ASSERT_FALSE(id.empty());
  const fs::path target = scratch_.path() / "live";
  write_text(target / "settings.json", "old settings");
  write_text(target / "only-here.txt", "old file");
  // One flipped byte in the backup: the restore's check of the staged copy fails before the swap.
  const fs::path stored = scratch_.path() / "repo" / id / "data" / "data/records.db";
  ASSERT_TRUE(fs::exists(stored));
  std::string bytes = read_text(stored);
  bytes[100] = 'X';
  fs::permissions(stored, fs::perms::owner_read | fs::perms::owner_write);
  write_text(stored, bytes);

  auto restored = command(kBackupRestoreCommand, {id, target.string()});
  ASSERT_EQ(restored.state, core::JobState::kFailed);
  EXPECT_NE(restored.error.find("rolled back: " + target.string() + " holds its old data"), std::string::npos)
      << restored.error;
  EXPECT_EQ(read_text(target / "settings.json"), "old settings");
  EXPECT_EQ(read_text(target / "only-here.txt"), "old file");
  for (const auto& item : fs::directory_iterator(scratch_.path())) {
    EXPECT_EQ(item.path().filename().string().find("live.pre-restore-"), std::string::npos) << item.path();
  }
}

TEST_F(BackupConsoleTest, VerifyRecordsVerifiedThenFailedWithTheReason) {
  const std::string id = create_backup();
  ASSERT_FALSE(id.empty());
  auto good = command(kBackupVerifyCommand, {id, std::string(kReadDataFlag)});
  ASSERT_EQ(good.state, core::JobState::kSucceeded) << good.error;
  console_->refresh();
  auto listing = console_->snapshots().latest();
  ASSERT_EQ(listing->backups.size(), 1u);
  EXPECT_EQ(listing->backups[0].verification.state, VerifyState::kVerified);
  EXPECT_TRUE(listing->backups[0].verification.read_data);
  EXPECT_GT(listing->backups[0].verification.at, 0);

  const fs::path stored = scratch_.path() / "repo" / id / "data" / "data/records.db";
  std::string bytes = read_text(stored);
  bytes[7] = 'Z';
  fs::permissions(stored, fs::perms::owner_read | fs::perms::owner_write);
  write_text(stored, bytes);
  auto bad = command(kBackupVerifyCommand, {id, std::string(kReadDataFlag)});
  ASSERT_EQ(bad.state, core::JobState::kFailed);
  EXPECT_NE(bad.error.find("failed verification"), std::string::npos) << bad.error;
  console_->refresh();
  listing = console_->snapshots().latest();
  EXPECT_EQ(listing->backups[0].verification.state, VerifyState::kFailed);
  EXPECT_NE(listing->backups[0].verification.reason.find("records.db"), std::string::npos)
      << listing->backups[0].verification.reason;
}

TEST_F(BackupConsoleTest, UnknownSourcesAndMissingArgumentsAreRefused) {
  auto unknown = command(kBackupCreateCommand, {"nope"});
  ASSERT_EQ(unknown.state, core::JobState::kFailed);
  EXPECT_NE(unknown.error.find("\"nope\" is neither a directory nor a source"), std::string::npos)
      << unknown.error;
  EXPECT_EQ(check_backup_command(kBackupRestoreCommand, {"20261123162353"}),
            "backup.restore: select a backup and a target");
  EXPECT_EQ(check_backup_command(kBackupVerifyCommand, {}), "backup.verify: select a backup first");
  EXPECT_EQ(check_backup_command(kBackupCreateCommand, {"service"}), "");
  auto missing = command(kBackupRestoreCommand, {"20261123162353"});
  EXPECT_EQ(missing.state, core::JobState::kFailed);
}

TEST_F(BackupConsoleTest, RunningJobsAndTheLastRestoreArePublished) {
  console_->job_started({7, "backup", "service"});
  console_->job_started({8, "restore", "20261123162353 -> /srv/x"});
  auto listing = console_->snapshots().latest();
  ASSERT_EQ(listing->running.size(), 2u);
  ASSERT_TRUE(listing->last_restore.has_value());
  EXPECT_EQ(listing->last_restore->id, 8u);
  console_->job_finished(7);
  console_->job_finished(8);
  listing = console_->snapshots().latest();
  EXPECT_TRUE(listing->running.empty());
  EXPECT_EQ(listing->last_restore->id, 8u);  // kept, so the view can show how it ended
  ASSERT_TRUE(listing->last_finished.has_value());
  EXPECT_EQ(listing->last_finished->id, 8u);
  EXPECT_EQ(job_label(describe_backup_command(kBackupVerifyCommand, {"20261123162353", "--read-data"})),
            "backup verify 20261123162353 --read-data");
}

}  // namespace
}  // namespace opsdeck::backup
