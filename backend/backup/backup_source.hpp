// BackupSource: what the repository backs up. A source writes its data into a staging directory it is given
// (the repository renames that into place only once everything is written and fsynced) and returns the
// manifest fragment describing what it wrote; restore_from reads a backup's data directory back into a
// target. Implementations: DirectorySource (backend/backup/directory_source.hpp), the MariaDB and Redis
// sources (backend/backup/mariadb/, backend/backup/redis/).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "backend/backup/backup_manifest.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

class BackupSource {
 public:
  virtual ~BackupSource() = default;

  // "directory", "mariadb", "redis": stored as Manifest::kind, picks the restore path.
  virtual std::string kind() const = 0;
  // The source's name as the user gave it (a path, "mariadb:shop", a `backup.sources` name); it keys the
  // per-source lock and is stored as Manifest::source.
  virtual std::string name() const = 0;
  // Bytes the backup will need in the repository (before compression); the repository refuses to start
  // when the file system has less free space than this plus a margin.
  virtual core::Result<std::uint64_t> estimate_bytes() = 0;
  // Writes everything under `staging_dir` (which exists and is empty) and returns what was written. Reports
  // progress through `job` (set_total/advance in bytes) and stops with kCancelled when job.cancelled().
  virtual core::Result<ManifestFragment> write_into(const std::filesystem::path& staging_dir,
                                                    core::JobContext& job) = 0;
  // Restores from a backup's data directory (verified against `manifest` by the caller) into `target`
  // (a directory path, a database name, a Redis endpoint: the source kind decides). On failure the target
  // must be as it was before.
  virtual core::Status restore_from(const std::filesystem::path& data_dir, const Manifest& manifest,
                                    const std::string& target, core::JobContext& job) = 0;
};

}  // namespace opsdeck::backup
