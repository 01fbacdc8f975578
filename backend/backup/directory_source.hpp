// DirectorySource: a live service directory (as Synapse's backup tool), LMDB-aware. Every LMDB environment
// is opened and a read transaction started on each before any is copied; each is then copied (logically,
// compacted) from that transaction, so the whole set is from the moment the transactions were opened. Every
// other file is copied sparse-aware on a few worker threads, keeping modes, owners (where permitted), mtimes
// and symlinks, hashing every byte read.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "backend/backup/backup_source.hpp"
#include "backend/backup/directory_walk.hpp"

namespace opsdeck::backup {

struct DirectorySourceOptions {
  std::filesystem::path root;
  std::string name;  // empty = the root path
  WalkOptions walk;
  unsigned workers = 4;
};

class DirectorySource : public BackupSource {
 public:
  explicit DirectorySource(DirectorySourceOptions options);

  std::string kind() const override { return "directory"; }
  std::string name() const override;
  core::Result<std::uint64_t> estimate_bytes() override;
  core::Result<ManifestFragment> write_into(const std::filesystem::path& staging_dir,
                                            core::JobContext& job) override;
  // `target` is a directory path; see directory_restore.hpp.
  core::Status restore_from(const std::filesystem::path& data_dir, const Manifest& manifest,
                            const std::string& target, core::JobContext& job) override;

 private:
  DirectorySourceOptions options_;
  std::optional<SourceTree> tree_;  // walked by estimate_bytes, reused by write_into
};

}  // namespace opsdeck::backup
