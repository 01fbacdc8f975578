// BackupRepository: a directory of backups, one per run, named by UTC time "%Y%m%d%H%M%S" (as Synapse).
//
// Layout of <repo>:
//   <id>/manifest.json        the Manifest (backup_manifest.hpp), written last
//   <id>/data/...             what the source wrote (the staging directory given to BackupSource::write_into)
//   .tmp-<id>-<pid>/          a backup being written; holds .tmp-<id>-<pid>/.in-progress, flock'ed by the
//                             writer for its whole run. Renamed to <id> only when complete and fsynced.
//   .locks/<source-key>.lock  flock per source (the key is a hash of the source name); holds the holder's pid
//
// A run killed halfway leaves only a .tmp- directory whose .in-progress lock nobody holds: list() never shows
// it and the next create() (or clean_leftovers()) removes it. A second backup of the same source refuses with
// the holder's pid; a backup refuses before writing anything when the file system lacks the estimated space.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "backend/backup/backup_manifest.hpp"
#include "backend/backup/backup_source.hpp"
#include "backend/backup/zstd_stream.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

inline constexpr const char* kManifestFileName = "manifest.json";
inline constexpr const char* kDataDirectoryName = "data";
inline constexpr const char* kTemporaryPrefix = ".tmp-";

// "20261123162353": the backup id for a time (UTC).
std::string backup_id_for(std::chrono::system_clock::time_point time);
// Parses an id back to a time; fails on anything that is not 14 digits of a valid UTC time.
core::Result<std::chrono::system_clock::time_point> backup_time_of(const std::string& id);

// One complete backup in the repository.
struct BackupInfo {
  std::string id;
  std::filesystem::path path;  // <repo>/<id>
  Manifest manifest;
  std::filesystem::path data_dir() const { return path / kDataDirectoryName; }
};

// An exclusive flock on one source's lock file, released when destroyed.
class SourceLock {
 public:
  SourceLock() = default;
  explicit SourceLock(int fd) : fd_(fd) {}
  SourceLock(SourceLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  SourceLock& operator=(SourceLock&& other) noexcept;
  SourceLock(const SourceLock&) = delete;
  SourceLock& operator=(const SourceLock&) = delete;
  ~SourceLock();

 private:
  int fd_ = -1;
};

// Fails with kConflict "a backup of <source> is already running (pid N)" when another process holds it.
core::Result<SourceLock> lock_source(const std::filesystem::path& repo_root, const std::string& source_name);

// Fails with kIo "not enough free space in DIR: the backup needs about X, Y are free" (statvfs, f_bavail).
core::Status check_free_space(const std::filesystem::path& directory, std::uint64_t needed_bytes);

struct CreateOptions {
  // Extra room required beyond the source's estimate, as a fraction of it (0.05 = 5 %).
  double free_space_margin = 0.05;
  // zstd: every regular file is compressed after the source wrote it (backend/backup/compressed_file.hpp).
  CompressionSetting compression;
  unsigned compression_workers = 2;
};

class BackupRepository {
 public:
  // Opens (creating the directory with mode 0700 when `create`) the repository at `root`.
  static core::Result<BackupRepository> open(const std::filesystem::path& root, bool create);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path backup_path(const std::string& id) const { return root_ / id; }

  // Complete backups, oldest first. Never lists .tmp- leftovers; a backup whose manifest does not parse is
  // reported as an error naming it.
  core::Result<std::vector<BackupInfo>> list() const;
  core::Result<BackupInfo> find(const std::string& id) const;

  // Removes .tmp- directories of runs that are no longer alive (their .in-progress lock is free); returns
  // the names removed.
  core::Result<std::vector<std::string>> clean_leftovers() const;

  // One complete run: lock the source, clean leftovers, estimate and check free space, write into a .tmp-
  // directory, write manifest.json, fsync every file and directory, rename into place, fsync the repository.
  core::Result<BackupInfo> create(BackupSource& source, core::JobContext& job,
                                  const CreateOptions& options = {}) const;

  // Deletes one backup: renames it to a .tmp- name first so a half-deleted backup is never listed.
  core::Status remove(const std::string& id) const;

 private:
  explicit BackupRepository(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

}  // namespace opsdeck::backup
