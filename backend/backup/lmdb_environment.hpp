// LMDB helpers for the backup engine: recognise an environment, hold a read transaction on a live one, make
// the compacting copy (mdb_env_copyfd2 with MDB_CP_COMPACT) streamed through a hash, and count the entries of
// every database of a copy (the manifest records them; restore compares them).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "backend/backup/backup_manifest.hpp"
#include "backend/backup/sparse_copy.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

inline constexpr const char* kLmdbDataFile = "data.mdb";
inline constexpr const char* kLmdbLockFile = "lock.mdb";

// True when `directory` holds both data.mdb and lock.mdb as regular files.
bool is_lmdb_environment(const std::filesystem::path& directory);

// A live environment opened read-only with a read transaction held from open() until the object dies, so
// the pages of that snapshot stay pinned while the set of environments is copied.
class LmdbSnapshot {
 public:
  static core::Result<std::unique_ptr<LmdbSnapshot>> open(const std::filesystem::path& directory);
  ~LmdbSnapshot();
  LmdbSnapshot(const LmdbSnapshot&) = delete;
  LmdbSnapshot& operator=(const LmdbSnapshot&) = delete;

  std::uint64_t map_size() const { return map_size_; }
  // The compacting copy of the environment's data.mdb, written to `target_fd` through a SHA-256 hash.
  core::Result<CopiedFile> compact_copy_to(int target_fd) const;

 private:
  LmdbSnapshot() = default;
  std::filesystem::path directory_;
  void* env_ = nullptr;  // MDB_env*
  void* txn_ = nullptr;  // MDB_txn*
  std::uint64_t map_size_ = 0;
};

// Opens the environment at `directory` (a copy: read-only, no lock file) and counts the entries of the main
// database and of every named database. Fails with a message naming the directory when it does not open.
core::Result<LmdbEnvironmentEntry> count_lmdb_entries(const std::filesystem::path& directory);

}  // namespace opsdeck::backup
