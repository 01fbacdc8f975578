#include "backend/backup/lmdb_copy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <set>

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;

// Entries written per destination write transaction: bounds the dirty pages held in memory.
constexpr std::size_t kEntriesPerCommit = 20000;
// The size of a named database's record in the main database (liblmdb's MDB_db): only keys with values of
// this size are tried with mdb_dbi_open.
constexpr std::size_t kNamedDatabaseRecordSize = 8 + 5 * sizeof(std::size_t);

std::string lmdb_error(const std::string& what, const std::filesystem::path& path, int rc) {
  return what + " " + path.string() + ": " + mdb_strerror(rc);
}

struct EnvCloser {
  void operator()(MDB_env* env) const { mdb_env_close(env); }
};
struct TxnAborter {
  void operator()(MDB_txn* txn) const { mdb_txn_abort(txn); }
};
struct CursorCloser {
  void operator()(MDB_cursor* cursor) const { mdb_cursor_close(cursor); }
};
using EnvPtr = std::unique_ptr<MDB_env, EnvCloser>;
using TxnPtr = std::unique_ptr<MDB_txn, TxnAborter>;
using CursorPtr = std::unique_ptr<MDB_cursor, CursorCloser>;

struct Database {
  std::string name;  // empty = the main database
  MDB_dbi source = 0;
  unsigned flags = 0;
};

std::string label(const Database& database, const std::filesystem::path& source) {
  return database.name.empty() ? "the main database of " + source.string()
                               : "the database " + database.name + " of " + source.string();
}

// Copies one database in key order. The main database keeps the records of the named databases (already
// created in the destination), so it is filled with plain puts when it has any.
core::Status copy_database(MDB_txn* txn, MDB_env* destination, const Database& database,
                           const std::set<std::string>& named, const std::filesystem::path& source) {
  MDB_cursor* raw_cursor = nullptr;
  int rc = mdb_cursor_open(txn, database.source, &raw_cursor);
  if (rc != 0) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot read", label(database, source), rc));
  }
  CursorPtr cursor(raw_cursor);
  const bool dupsort = (database.flags & MDB_DUPSORT) != 0;
  const bool append = named.empty();
  MDB_dbi target = 0;
  TxnPtr write;
  std::size_t pending = 0;
  auto begin = [&]() -> core::Status {
    MDB_txn* raw = nullptr;
    int begun = mdb_txn_begin(destination, nullptr, 0, &raw);
    if (begun == 0 && pending == 0 && target == 0) {
      const unsigned create = database.name.empty() ? 0u : unsigned{MDB_CREATE};
      begun = mdb_dbi_open(raw, database.name.empty() ? nullptr : database.name.c_str(),
                           database.flags | create, &target);
      if (begun != 0) {
        mdb_txn_abort(raw);
      }
    }
    if (begun != 0) {
      return core::fail(ErrorCategory::kIo,
                        lmdb_error("cannot write the copy of", label(database, source), begun));
    }
    write.reset(raw);
    return {};
  };
  auto commit = [&]() -> core::Status {
    const int committed = mdb_txn_commit(write.release());
    if (committed != 0) {
      return core::fail(ErrorCategory::kIo,
                        lmdb_error("cannot commit the copy of", label(database, source), committed));
    }
    return {};
  };
  OPSDECK_TRY(begin());
  std::string previous_key;
  bool have_previous = false;
  MDB_val key{};
  MDB_val value{};
  for (MDB_cursor_op op = MDB_FIRST; (rc = mdb_cursor_get(cursor.get(), &key, &value, op)) == 0;
       op = MDB_NEXT) {
    const std::string_view key_view(static_cast<const char*>(key.mv_data), key.mv_size);
    if (!named.empty() && named.count(std::string(key_view)) != 0) {
      continue;  // a named database's record, written when it was created
    }
    const bool same_key = dupsort && have_previous && key_view == previous_key;
    unsigned put_flags = same_key ? unsigned{MDB_APPENDDUP} : (append ? unsigned{MDB_APPEND} : 0u);
    const int put = mdb_put(write.get(), target, &key, &value, put_flags);
    if (put == MDB_KEYEXIST) {
      return core::fail(
          ErrorCategory::kProtocol,
          "the keys of " + label(database, source) +
              " are not in LMDB's default order (a custom comparison function?); cannot copy it");
    }
    if (put != 0) {
      return core::fail(ErrorCategory::kIo,
                        lmdb_error("cannot write the copy of", label(database, source), put));
    }
    if (dupsort) {
      previous_key.assign(key_view);
      have_previous = true;
    }
    if (++pending % kEntriesPerCommit == 0) {
      OPSDECK_TRY(commit());
      OPSDECK_TRY(begin());
    }
  }
  if (rc != MDB_NOTFOUND) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot read", label(database, source), rc));
  }
  return commit();
}

}  // namespace

std::vector<std::string> named_databases(MDB_txn* txn, MDB_dbi main_dbi) {
  std::vector<std::string> names;
  unsigned flags = 0;
  if (mdb_dbi_flags(txn, main_dbi, &flags) != 0 || (flags & MDB_DUPSORT) != 0) {
    return names;
  }
  MDB_cursor* raw_cursor = nullptr;
  if (mdb_cursor_open(txn, main_dbi, &raw_cursor) != 0) {
    return names;
  }
  CursorPtr cursor(raw_cursor);
  std::vector<std::string> candidates;
  MDB_val key{};
  MDB_val value{};
  for (MDB_cursor_op op = MDB_FIRST; mdb_cursor_get(cursor.get(), &key, &value, op) == 0; op = MDB_NEXT) {
    std::string name(static_cast<const char*>(key.mv_data), key.mv_size);
    if (value.mv_size == kNamedDatabaseRecordSize && name.find('\0') == std::string::npos) {
      candidates.push_back(std::move(name));
    }
  }
  cursor.reset();
  for (auto& name : candidates) {
    MDB_dbi dbi = 0;
    if (mdb_dbi_open(txn, name.c_str(), 0, &dbi) == 0) {
      names.push_back(std::move(name));  // otherwise a plain key of the main database
    }
  }
  return names;
}

core::Result<LmdbCopy> copy_lmdb_transaction(MDB_txn* txn, const std::filesystem::path& source,
                                             const std::filesystem::path& target, std::uint64_t map_size) {
  LmdbCopy copy;
  std::vector<Database> databases(1);
  int rc = mdb_dbi_open(txn, nullptr, 0, &databases[0].source);
  if (rc == 0) {
    rc = mdb_dbi_flags(txn, databases[0].source, &databases[0].flags);
  }
  if (rc != 0) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot read the main database of", source, rc));
  }
  const auto names = named_databases(txn, databases[0].source);
  for (const auto& name : names) {
    Database database{name, 0, 0};
    rc = mdb_dbi_open(txn, name.c_str(), 0, &database.source);
    if (rc == 0) {
      rc = mdb_dbi_flags(txn, database.source, &database.flags);
    }
    if (rc != 0) {
      return core::fail(ErrorCategory::kIo,
                        lmdb_error("cannot open the database " + name + " of", source, rc));
    }
    databases.push_back(std::move(database));
  }
  for (const auto& database : databases) {
    MDB_stat stat{};
    rc = mdb_stat(txn, database.source, &stat);
    if (rc != 0) {
      return core::fail(ErrorCategory::kIo, lmdb_error("cannot read", label(database, source), rc));
    }
    copy.entry_counts[database.name] = stat.ms_entries;
  }

  MDB_env* raw_env = nullptr;
  rc = mdb_env_create(&raw_env);
  if (rc != 0) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot create an LMDB handle for", target, rc));
  }
  EnvPtr destination(raw_env);
  mdb_env_set_mapsize(raw_env, map_size);
  mdb_env_set_maxdbs(raw_env, static_cast<MDB_dbi>(names.size() + 1));
  rc = mdb_env_open(raw_env, target.c_str(), MDB_NOSUBDIR | MDB_NOLOCK | MDB_NOSYNC | MDB_NOTLS, 0600);
  if (rc != 0) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot create the LMDB copy", target, rc));
  }
  // Named databases first: their records then sit in the destination's main database before its own keys.
  const std::set<std::string> named(names.begin(), names.end());
  for (std::size_t index = 1; index < databases.size(); ++index) {
    OPSDECK_TRY(copy_database(txn, raw_env, databases[index], {}, source));
  }
  OPSDECK_TRY(copy_database(txn, raw_env, databases[0], named, source));
  rc = mdb_env_sync(raw_env, 1);
  if (rc != 0) {
    return core::fail(ErrorCategory::kIo, lmdb_error("cannot flush the LMDB copy", target, rc));
  }
  destination.reset();

  struct stat status {};
  if (::stat(target.c_str(), &status) != 0) {
    return core::fail(ErrorCategory::kIo, "cannot stat " + target.string() + ": " + std::strerror(errno));
  }
  copy.file.size = static_cast<std::uint64_t>(status.st_size);
  if (copy.file.size > 0) {
    copy.file.extents.push_back({0, copy.file.size});
  }
  auto hashed = hash_extents(target, copy.file.extents);
  OPSDECK_TRY(hashed);
  copy.file.sha256 = std::move(*hashed);
  copy.file.bytes_read = copy.file.size;
  return copy;
}

}  // namespace opsdeck::backup
