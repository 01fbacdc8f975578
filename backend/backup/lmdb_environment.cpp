#include "backend/backup/lmdb_environment.hpp"

#include <lmdb.h>

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;

std::string lmdb_error(const std::string& what, const std::filesystem::path& directory, int rc) {
  return what + " " + directory.string() + ": " + mdb_strerror(rc);
}

}  // namespace

bool is_lmdb_environment(const std::filesystem::path& directory) {
  std::error_code error;
  return std::filesystem::is_regular_file(directory / kLmdbDataFile, error) &&
         std::filesystem::is_regular_file(directory / kLmdbLockFile, error);
}

core::Result<std::unique_ptr<LmdbSnapshot>> LmdbSnapshot::open(const std::filesystem::path& directory) {
  std::unique_ptr<LmdbSnapshot> snapshot(new LmdbSnapshot());
  snapshot->directory_ = directory;
  MDB_env* env = nullptr;
  int rc = mdb_env_create(&env);
  if (rc != 0) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot create an LMDB handle for", directory, rc));
  }
  snapshot->env_ = env;
  mdb_env_set_maxdbs(env, 1024);
  rc = mdb_env_open(env, directory.c_str(), MDB_RDONLY | MDB_NOTLS, 0600);
  if (rc != 0) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot open the LMDB environment", directory, rc));
  }
  MDB_envinfo info{};
  mdb_env_info(env, &info);
  snapshot->map_size_ = info.me_mapsize;
  MDB_txn* txn = nullptr;
  rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  if (rc != 0) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot start a read transaction on", directory, rc));
  }
  snapshot->txn_ = txn;
  return snapshot;
}

LmdbSnapshot::~LmdbSnapshot() {
  if (txn_ != nullptr) {
    mdb_txn_abort(static_cast<MDB_txn*>(txn_));
  }
  if (env_ != nullptr) {
    mdb_env_close(static_cast<MDB_env*>(env_));
  }
}

core::Result<LmdbCopy> LmdbSnapshot::copy_to(const std::filesystem::path& target) const {
  return copy_lmdb_transaction(static_cast<MDB_txn*>(txn_), directory_, target, map_size_);
}

core::Result<LmdbEnvironmentEntry> count_lmdb_entries(const std::filesystem::path& directory) {
  MDB_env* env = nullptr;
  int rc = mdb_env_create(&env);
  if (rc != 0) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot create an LMDB handle for", directory, rc));
  }
  std::unique_ptr<MDB_env, void (*)(MDB_env*)> env_owner(env, mdb_env_close);
  mdb_env_set_maxdbs(env, 1024);
  rc = mdb_env_open(env, directory.c_str(), MDB_RDONLY | MDB_NOLOCK | MDB_NOTLS, 0600);
  if (rc != 0) {
    return core::fail(ErrorCategory::kProtocol,
                      lmdb_error("cannot open the LMDB environment", directory, rc));
  }
  LmdbEnvironmentEntry entry;
  MDB_envinfo info{};
  mdb_env_info(env, &info);
  entry.map_size = info.me_mapsize;
  MDB_txn* txn = nullptr;
  rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  if (rc != 0) {
    return core::fail(ErrorCategory::kProtocol,
                      lmdb_error("cannot read the LMDB environment", directory, rc));
  }
  std::unique_ptr<MDB_txn, void (*)(MDB_txn*)> txn_owner(txn, mdb_txn_abort);
  MDB_dbi main_dbi = 0;
  rc = mdb_dbi_open(txn, nullptr, 0, &main_dbi);
  MDB_stat stat{};
  if (rc == 0) {
    rc = mdb_stat(txn, main_dbi, &stat);
  }
  if (rc != 0) {
    return core::fail(ErrorCategory::kProtocol,
                      lmdb_error("cannot read the main database of", directory, rc));
  }
  entry.entry_counts[""] = stat.ms_entries;
  for (const auto& name : named_databases(txn, main_dbi)) {
    MDB_dbi dbi = 0;
    MDB_stat named{};
    if (mdb_dbi_open(txn, name.c_str(), 0, &dbi) == 0 && mdb_stat(txn, dbi, &named) == 0) {
      entry.entry_counts[name] = named.ms_entries;
    }
  }
  return entry;
}

}  // namespace opsdeck::backup
