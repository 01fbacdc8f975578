// Restoring a dump into a named database without ever losing the database it replaces: when the target
// exists, a safety dump of it is taken first; the target is then dropped, re-created and loaded; the
// restored tables are checked against the checksums recorded at dump time. When anything fails, the target
// is rebuilt from the safety dump, and the error names both the failure and how the rollback went.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "backend/backup/mariadb/mariadb_dump.hpp"
#include "backend/backup/mariadb/mariadb_dump_loader.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/store/mariadb_options.hpp"

namespace opsdeck::backup {

struct MariadbRestoreRequest {
  std::string target_database;
  std::filesystem::path dump_file;
  // Where the safety dump of an existing target is written (kept after the restore, named in the report).
  std::filesystem::path safety_directory;
  // Tables with the row counts and checksums recorded at dump time; checked after loading when given.
  std::vector<DumpedObject> expected;
  LoadOptions load;
};

struct MariadbRestoreReport {
  bool replaced_existing = false;
  std::filesystem::path safety_dump;  // empty when the target did not exist
  LoadStatistics loaded;
  std::size_t tables_verified = 0;
  double load_seconds = 0;    // loading the dump (after the safety dump)
  double verify_seconds = 0;  // COUNT(*) and CHECKSUM TABLE of the restored tables
};

core::Result<MariadbRestoreReport> restore_mariadb_database(const store::MariadbOptions& options,
                                                            const MariadbRestoreRequest& request,
                                                            core::JobContext* job);

// The tables of `database` whose CHECKSUM TABLE or row count differs from `expected`, described for a
// message (in the order of `expected`); empty when all match. The COUNT(*) and CHECKSUM TABLE scans run on
// up to four connections at once (mariadb_restore_verify.cpp).
core::Result<std::vector<std::string>> compare_with_dump(const store::MariadbOptions& options,
                                                         const std::string& database,
                                                         const std::vector<DumpedObject>& expected);

}  // namespace opsdeck::backup
