// Directory restore with rollback. The backup is written into a new directory beside the target, verified
// there (every SHA-256 and size against the manifest; every LMDB environment opens and its entry counts
// match), then swapped in with renames; the old data is kept as `<target>.pre-restore-<time>`. A failure at
// any step removes the new directory and leaves (or puts back) the old data where it was. Refuses while any
// process holds the target's LMDB files (open, mapped or locked), naming it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "backend/backup/backup_manifest.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

struct DirectoryRestoreOptions {
  std::filesystem::path data_dir;  // the backup's data directory
  std::filesystem::path target;
  unsigned workers = 4;
};

struct DirectoryRestoreResult {
  std::filesystem::path target;
  std::filesystem::path previous;  // where the old data now is; empty when the target did not exist
  std::size_t files = 0;
  std::uint64_t bytes = 0;
};

core::Result<DirectoryRestoreResult> restore_directory(const DirectoryRestoreOptions& options,
                                                       const Manifest& manifest, core::JobContext& job);

}  // namespace opsdeck::backup
