// Restore preview against real directories: a backup made by the real engine, restored into a target, then
// the target changed in every way a preview must notice (content with the same size, size, mode, removed
// and extra files, a changed symlink), and untouched files whose mtime alone changed.
#include "backend/backup/restore_preview.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

#include "backend/backup/directory_restore.hpp"
#include "backend/backup/directory_source.hpp"
#include "tests/unit/backup/console_backup_fixture.hpp"

namespace opsdeck::backup {
namespace {

namespace fs = std::filesystem;
using testing::run_job;
using testing::write_text;

void set_mtime(const fs::path& path, std::int64_t seconds) {
  struct timespec times[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

const PathChange* change_for(const RestorePreview& preview, const std::string& path) {
  auto found = std::find_if(preview.changes.begin(), preview.changes.end(),
                            [&](const PathChange& change) { return change.path == path; });
  return found != preview.changes.end() ? &*found : nullptr;
}

class RestorePreviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(scratch_.path().empty());
    source_ = scratch_.path() / "service";
    write_text(source_ / "config.yaml", "port: 8080\n");
    write_text(source_ / "same-size.txt", "aaaa");
    write_text(source_ / "grows.txt", "short");
    write_text(source_ / "touched.txt", "untouched content");
    write_text(source_ / "mode.txt", "mode");
    write_text(source_ / "media/one.bin", std::string(100000, 'x'));
    write_text(source_ / "media/two.bin", "two");
    fs::create_symlink("config.yaml", source_ / "current");
    auto repository = BackupRepository::open(scratch_.path() / "repo", true);
    ASSERT_TRUE(repository.ok()) << repository.error().message;
    core::Result<BackupInfo> created = core::fail(core::ErrorCategory::kInternal, "not run");
    auto job = run_job([&](core::JobContext& context) -> core::Result<std::string> {
      DirectorySource source(DirectorySourceOptions{source_, "service", {}, 2});
      created = repository->create(source, context);
      if (!created.ok()) {
        return core::Unexpected{created.error()};
      }
      return std::string("ok");
    });
    ASSERT_EQ(job.state, core::JobState::kSucceeded) << job.error;
    backup_ = *created;
    target_ = scratch_.path() / "target";
  }

  void restore_into_target() {
    auto job = run_job([&](core::JobContext& context) -> core::Result<std::string> {
      auto restored = restore_directory({backup_.data_dir(), target_, 2}, backup_.manifest, context);
      if (!restored.ok()) {
        return core::Unexpected{restored.error()};
      }
      return std::string("ok");
    });
    ASSERT_EQ(job.state, core::JobState::kSucceeded) << job.error;
  }

  RestorePreview preview() {
    auto result = preview_restore(backup_, target_.string(), nullptr);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? *result : RestorePreview{};
  }

  opsdeck::testing::TemporaryDirectory scratch_;
  fs::path source_;
  fs::path target_;
  BackupInfo backup_;
};

TEST_F(RestorePreviewTest, AMissingTargetGetsEveryFileAdded) {
  auto result = preview();
  EXPECT_TRUE(result.ready);
  EXPECT_FALSE(result.target_exists);
  EXPECT_EQ(result.added, 8u);  // seven files and the symlink; directories are implied by their files
  EXPECT_EQ(result.removed, 0u);
  EXPECT_EQ(result.changed, 0u);
  ASSERT_NE(change_for(result, "media/one.bin"), nullptr);
  EXPECT_EQ(change_for(result, "media/one.bin")->kind, ChangeKind::kAdded);
  EXPECT_EQ(result.confirm_text, "target");
  EXPECT_EQ(result.kind, "directory");
}

TEST_F(RestorePreviewTest, AnIdenticalTargetChangesNothingAndHashesNothing) {
  ASSERT_NO_FATAL_FAILURE(restore_into_target());
  auto result = preview();
  EXPECT_TRUE(result.target_exists);
  EXPECT_EQ(result.added + result.removed + result.changed, 0u) << result.changes.front().path;
  EXPECT_EQ(result.unchanged, 8u);
  EXPECT_EQ(result.hashed_bytes, 0u);  // size and mtime settled every file
}

TEST_F(RestorePreviewTest, FindsEveryKindOfChangeAndHashesOnlyWhenSizeAndMtimeCannotTell) {
  ASSERT_NO_FATAL_FAILURE(restore_into_target());
  write_text(target_ / "same-size.txt", "bbbb");  // same size, new content, new mtime
  set_mtime(target_ / "same-size.txt", 1000000000);
  write_text(target_ / "grows.txt", "much longer now");
  set_mtime(target_ / "touched.txt", 1200000000);  // same bytes, only the mtime moved
  fs::permissions(target_ / "mode.txt", fs::perms::owner_read);
  fs::remove(target_ / "media/two.bin");
  write_text(target_ / "media/three.bin", "new since the backup");
  fs::remove(target_ / "current");
  fs::create_symlink("media", target_ / "current");

  auto result = preview();
  ASSERT_TRUE(result.ready);
  EXPECT_EQ(result.added, 1u);
  EXPECT_EQ(result.removed, 1u);
  EXPECT_EQ(result.changed, 4u);
  EXPECT_EQ(result.unchanged, 3u);  // config.yaml, touched.txt, media/one.bin
  ASSERT_NE(change_for(result, "same-size.txt"), nullptr);
  EXPECT_EQ(change_for(result, "same-size.txt")->why, "content");
  ASSERT_NE(change_for(result, "grows.txt"), nullptr);
  EXPECT_EQ(change_for(result, "grows.txt")->why, "size 15 -> 5");
  ASSERT_NE(change_for(result, "mode.txt"), nullptr);
  EXPECT_NE(change_for(result, "mode.txt")->why.find("mode 0400 -> "), std::string::npos);
  ASSERT_NE(change_for(result, "media/two.bin"), nullptr);
  EXPECT_EQ(change_for(result, "media/two.bin")->kind, ChangeKind::kAdded);
  ASSERT_NE(change_for(result, "media/three.bin"), nullptr);
  EXPECT_EQ(change_for(result, "media/three.bin")->kind, ChangeKind::kRemoved);
  ASSERT_NE(change_for(result, "current"), nullptr);
  EXPECT_EQ(change_for(result, "current")->why, "link -> config.yaml");
  EXPECT_EQ(change_for(result, "touched.txt"), nullptr);
  // Hashed: same-size.txt (4 bytes) and touched.txt (17 bytes); never the 100 kB file whose mtime matched.
  EXPECT_EQ(result.hashed_bytes, 4u + 17u);
  EXPECT_TRUE(std::is_sorted(result.changes.begin(), result.changes.end(),
                             [](const PathChange& a, const PathChange& b) { return a.path < b.path; }));
}

TEST_F(RestorePreviewTest, AFileWhereTheTargetDirectoryShouldBeIsRefused) {
  write_text(target_, "not a directory");
  auto result = preview_restore(backup_, target_.string(), nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("is not a directory"), std::string::npos) << result.error().message;
}

TEST_F(RestorePreviewTest, AnEmptyTargetIsRefused) {
  auto result = preview_restore(backup_, "", nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().category, core::ErrorCategory::kInvalidInput);
}

TEST(ConfirmTextTest, IsTheDirectoryNameOrTheDatabase) {
  EXPECT_EQ(confirm_text_for("directory", "/srv/synapse"), "synapse");
  EXPECT_EQ(confirm_text_for("directory", "/srv/synapse/"), "synapse");
  EXPECT_EQ(confirm_text_for("directory", "relative/dir"), "dir");
  EXPECT_EQ(confirm_text_for("mariadb", "shop"), "shop");
}

}  // namespace
}  // namespace opsdeck::backup
