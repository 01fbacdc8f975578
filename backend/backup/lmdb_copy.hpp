// The logical compacting copy of one LMDB environment from a read transaction the caller already holds
// (stock liblmdb's mdb_env_copyfd2 always starts its own). A new environment is created at the target path
// (MDB_NOSUBDIR, no lock file) with the source's map size; the main database and every named database are
// created with the source's flags and filled in key order with MDB_APPEND / MDB_APPENDDUP, committing in
// chunks. The entry counts come from the held transaction.
#pragma once

#include <lmdb.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "backend/backup/sparse_copy.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

struct LmdbCopy {
  CopiedFile file;                                    // the new data file: size, extent, SHA-256
  std::map<std::string, std::uint64_t> entry_counts;  // "" = the main database
};

// The names of the named databases recorded in `main_dbi` of `txn` (a main database with MDB_DUPSORT has
// none): every key whose record opens with mdb_dbi_open without MDB_CREATE.
std::vector<std::string> named_databases(MDB_txn* txn, MDB_dbi main_dbi);

// Copies everything visible in `txn` (a read transaction on the environment at `source`, used only by the
// calling thread for the duration) into a new data file `target` (which must not exist).
core::Result<LmdbCopy> copy_lmdb_transaction(MDB_txn* txn, const std::filesystem::path& source,
                                             const std::filesystem::path& target, std::uint64_t map_size);

}  // namespace opsdeck::backup
