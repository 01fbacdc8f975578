// LMDB helpers for the backup engine: recognise an environment, hold a read transaction on a live one and
// copy the environment from that very transaction (lmdb_copy.hpp), and count the entries of every database
// of a copy (the manifest records them; restore compares them).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "backend/backup/backup_manifest.hpp"
#include "backend/backup/lmdb_copy.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

inline constexpr const char* kLmdbDataFile = "data.mdb";
inline constexpr const char* kLmdbLockFile = "lock.mdb";

// True when `directory` holds both data.mdb and lock.mdb as regular files.
bool is_lmdb_environment(const std::filesystem::path& directory);

// A live environment opened read-only with a read transaction held from open() until the object dies, so
// the pages of that snapshot stay pinned while the set of environments is copied. Opened with MDB_NOTLS, so
// the transaction may be used by a worker thread other than the opening one (one thread at a time).
class LmdbSnapshot {
 public:
  static core::Result<std::unique_ptr<LmdbSnapshot>> open(const std::filesystem::path& directory);
  ~LmdbSnapshot();
  LmdbSnapshot(const LmdbSnapshot&) = delete;
  LmdbSnapshot& operator=(const LmdbSnapshot&) = delete;

  std::uint64_t map_size() const { return map_size_; }
  // The compacting copy of the snapshot held since open(), written as a new data file at `target` (which
  // must not exist) and hashed; the entry counts are those of the held transaction.
  core::Result<LmdbCopy> copy_to(const std::filesystem::path& target) const;

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
