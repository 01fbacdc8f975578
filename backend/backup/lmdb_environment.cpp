#include "backend/backup/lmdb_environment.hpp"

#include <fcntl.h>
#include <lmdb.h>
#include <unistd.h>

#include <thread>

#include "backend/backup/unique_fd.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;

// Named databases are looked for only in a main database this small; a plain environment with many keys has
// none worth probing key by key.
constexpr std::size_t kMaxNamedDatabaseProbe = 4096;

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

core::Result<CopiedFile> LmdbSnapshot::compact_copy_to(int target_fd) const {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return core::fail(ErrorCategory::kIo, "cannot create a pipe to copy " + directory_.string());
  }
  UniqueFd read_end(pipe_fds[0]);
  UniqueFd write_end(pipe_fds[1]);
  int copy_rc = 0;
  // liblmdb writes the compacted pages to the pipe; this thread hashes them on the way to the file.
  std::thread copier([&] {
    copy_rc = mdb_env_copyfd2(static_cast<MDB_env*>(env_), write_end.get(), MDB_CP_COMPACT);
    write_end.reset();
  });
  auto copied = hash_stream(read_end.get(), target_fd, (directory_ / kLmdbDataFile).string());
  read_end.reset();  // a failed hash_stream makes the copier's write fail instead of blocking
  copier.join();
  OPSDECK_TRY(copied);
  if (copy_rc != 0) {
    return core::fail(ErrorCategory::kIo,
                      lmdb_error("cannot copy the LMDB environment", directory_, copy_rc));
  }
  return copied;
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
  if (stat.ms_entries > kMaxNamedDatabaseProbe) {
    return entry;
  }
  MDB_cursor* cursor = nullptr;
  if (mdb_cursor_open(txn, main_dbi, &cursor) != 0) {
    return entry;
  }
  std::vector<std::string> names;
  MDB_val key{};
  MDB_val value{};
  for (int op = MDB_FIRST; mdb_cursor_get(cursor, &key, &value, static_cast<MDB_cursor_op>(op)) == 0;
       op = MDB_NEXT) {
    std::string name(static_cast<const char*>(key.mv_data), key.mv_size);
    if (name.find('\0') == std::string::npos) {
      names.push_back(std::move(name));
    }
  }
  mdb_cursor_close(cursor);
  for (const auto& name : names) {
    MDB_dbi dbi = 0;
    if (mdb_dbi_open(txn, name.c_str(), 0, &dbi) != 0) {
      continue;  // a plain key of the main database, not a named database
    }
    MDB_stat named{};
    if (mdb_stat(txn, dbi, &named) == 0) {
      entry.entry_counts[name] = named.ms_entries;
    }
  }
  return entry;
}

}  // namespace opsdeck::backup
