// A 4 GiB sparse file with 4 MiB of data: backup and restore keep it sparse and read only about the allocated
// data (rchar from /proc/self/io: every byte this process read through read/pread).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "backend/backup/backup_repository.hpp"
#include "backend/backup/directory_restore.hpp"
#include "backend/backup/directory_source.hpp"
#include "backend/core/logger.hpp"
#include "tests/integration/backup/backup_fixture.hpp"

namespace opsdeck::backup::testing {
namespace {

namespace fs = std::filesystem;
constexpr std::uint64_t kMiB = 1 << 20;
constexpr std::uint64_t kApparent = 4096 * kMiB;
const std::uint64_t kOffsets[] = {0, 1024 * kMiB, 2048 * kMiB + 123 * 4096, kApparent - kMiB};

std::uint64_t rchar() {
  std::ifstream in("/proc/self/io");
  for (std::string key; in >> key;) {
    std::uint64_t value = 0;
    in >> value;
    if (key == "rchar:") {
      return value;
    }
  }
  ADD_FAILURE() << "no rchar in /proc/self/io";
  return 0;
}

std::string block(std::uint64_t offset) {
  std::string data(kMiB, '\0');
  for (std::size_t index = 0; index < data.size(); ++index) {
    data[index] = static_cast<char>('a' + (offset / kMiB + index) % 26);
  }
  return data;
}

std::uint64_t allocated(const fs::path& path) {
  struct stat status {};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return static_cast<std::uint64_t>(status.st_blocks) * 512;
}

void expect_sparse_copy(const fs::path& path) {
  EXPECT_EQ(fs::file_size(path), kApparent);
  EXPECT_LE(allocated(path), 5 * kMiB) << path << " lost its holes";
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string data(kMiB, '\0');
  for (const auto offset : kOffsets) {
    ASSERT_EQ(::pread(fd, data.data(), kMiB, static_cast<off_t>(offset)), static_cast<ssize_t>(kMiB));
    EXPECT_EQ(data, block(offset)) << "data at offset " << offset;
  }
  char byte = 1;
  ASSERT_EQ(::pread(fd, &byte, 1, static_cast<off_t>(3000 * kMiB)), 1);
  EXPECT_EQ(byte, 0);
  ::close(fd);
}

TEST_F(BackupTest, SparseFileStaysSparseAndOnlyItsDataIsRead) {
  const fs::path source = dir("service");
  fs::create_directories(source);
  {
    const int fd = ::open((source / "slab.sparse").c_str(), O_WRONLY | O_CREAT, 0640);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(kApparent)), 0);
    for (const auto offset : kOffsets) {
      const std::string data = block(offset);
      ASSERT_EQ(::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset)),
                static_cast<ssize_t>(kMiB));
    }
    ::fsync(fd);
    ::close(fd);
  }
  const std::uint64_t source_allocated = allocated(source / "slab.sparse");
  ASSERT_LE(source_allocated, 5 * kMiB) << "this file system does not keep holes";

  core::Logger logger;
  core::JobRunner runner(1, logger);
  auto repository = BackupRepository::open(dir("repo"), true);
  ASSERT_TRUE(repository.ok()) << repository.error().describe();
  DirectorySourceOptions options;
  options.root = source;
  DirectorySource directory_source(options);

  std::optional<BackupInfo> created;
  const std::uint64_t read_before_backup = rchar();
  auto backup_job = runner.submit("backup", [&](core::JobContext& job) -> core::Result<std::string> {
    auto info = repository->create(directory_source, job);
    OPSDECK_TRY(info);
    created = std::move(*info);
    return std::string("ok");
  });
  const auto backup_info = backup_job.wait();
  const std::uint64_t backup_read = rchar() - read_before_backup;
  ASSERT_EQ(backup_info.state, core::JobState::kSucceeded) << backup_info.error;
  EXPECT_LE(backup_read, source_allocated + source_allocated / 20) << "the backup read holes";
  EXPECT_GE(backup_read, 4 * kMiB);

  const auto& entry =
      *std::find_if(created->manifest.content.files.begin(), created->manifest.content.files.end(),
                    [](const FileEntry& file) { return file.path == "slab.sparse"; });
  EXPECT_EQ(entry.size, kApparent);
  EXPECT_EQ(entry.allocated_bytes(), 4 * kMiB);
  EXPECT_EQ(entry.extents.size(), 4u);
  expect_sparse_copy(created->data_dir() / "slab.sparse");

  const std::uint64_t read_before_restore = rchar();
  auto restore_job = runner.submit("restore", [&](core::JobContext& job) -> core::Result<std::string> {
    DirectoryRestoreOptions restore;
    restore.data_dir = created->data_dir();
    restore.target = dir("restored");
    auto result = restore_directory(restore, created->manifest, job);
    OPSDECK_TRY(result);
    return std::string("ok");
  });
  const auto restore_info = restore_job.wait();
  const std::uint64_t restore_read = rchar() - read_before_restore;
  ASSERT_EQ(restore_info.state, core::JobState::kSucceeded) << restore_info.error;
  EXPECT_LE(restore_read, source_allocated + source_allocated / 20) << "the restore read holes";
  expect_sparse_copy(dir("restored") / "slab.sparse");
  EXPECT_EQ(fs::status(dir("restored") / "slab.sparse").permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

}  // namespace
}  // namespace opsdeck::backup::testing
