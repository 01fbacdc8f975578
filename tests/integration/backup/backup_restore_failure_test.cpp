// Restores that fail halfway leave the old data byte for byte where it was, with no staging directory or
// pre-restore copy left behind: a backup damaged after it was taken (checksum mismatch part way through the
// copy) and a target on a small tmpfs that fills up (ENOSPC while writing the new copy).
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/backup/backup_fixture.hpp"

namespace opsdeck::backup::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> names_in(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& item : fs::directory_iterator(directory)) {
    names.push_back(item.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

void make_old_data(const fs::path& target) {
  write_file(target / "cell.yaml", "old: true\n");
  write_file(target / "slabs/one", std::string(100000, 'o'));
  fs::create_symlink("cell.yaml", target / "cell.link");
}

TEST_F(BackupTest, RestoreOfADamagedBackupLeavesTheOldDataInPlace) {
  const fs::path source = dir("source");
  for (int index = 0; index < 40; ++index) {
    write_file(source / "files" / ("f" + std::to_string(index)), std::string(50000 + index, 'n'));
  }
  const fs::path repo = dir("repo");
  const auto created = opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json()["id"];
  // Damage one file in the backup after the fact: the restore finds it while copying.
  const fs::path victim = repo / id / "data" / "files" / "f17";
  const int fd = ::open(victim.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, "X", 1, 4000), 1);
  ::close(fd);

  const fs::path parent = dir("live");
  const fs::path target = parent / "service";
  make_old_data(target);
  const auto before = snapshot_tree(target);
  const auto restore =
      opsdeck({"backup", "restore", id, "--to", target.string(), "--yes", "--repo", repo.string()});
  EXPECT_EQ(restore.exit_code, 1) << restore.output;
  EXPECT_THAT(restore.output, HasSubstr("checksum mismatch for files/f17"));
  EXPECT_EQ(snapshot_tree(target), before);
  EXPECT_THAT(names_in(parent), ElementsAre("service")) << "staging or pre-restore directories were left";
}

TEST_F(BackupTest, RestoreThatFillsTheFileSystemLeavesTheOldDataInPlace) {
  const fs::path mount_point = dir("small");
  fs::create_directories(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=6m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root): " << std::strerror(errno);
  }
  struct Unmount {
    fs::path path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mount_point};

  const fs::path source = dir("source");
  for (int index = 0; index < 4; ++index) {
    write_file(source / ("slab" + std::to_string(index)),
               std::string(2 << 20, static_cast<char>('a' + index)));
  }
  const fs::path repo = dir("repo");
  const auto created = opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json()["id"];

  const fs::path target = mount_point / "service";
  make_old_data(target);
  const auto before = snapshot_tree(target);
  const auto restore =
      opsdeck({"backup", "restore", id, "--to", target.string(), "--yes", "--repo", repo.string()});
  EXPECT_EQ(restore.exit_code, 1) << restore.output;
  EXPECT_THAT(restore.output, HasSubstr("No space left on device"));
  EXPECT_EQ(snapshot_tree(target), before);
  EXPECT_THAT(names_in(mount_point), ElementsAre("service")) << "the staging directory was left behind";
}

}  // namespace
}  // namespace opsdeck::backup::testing
