// A consistent logical dump of MariaDB databases: one connection, one REPEATABLE READ snapshot for all of
// them (START TRANSACTION WITH CONSISTENT SNAPSHOT), schema then data per table, views last. Rows are
// streamed (mysql_use_result) and written as extended INSERTs; tables with a single integer primary key are
// read in chunks by that key so that no single query runs for the whole table. The output is plain SQL that
// `mariadb <database> < file` reads as well as opsdeck's restore; it names no database, so it can be
// restored under any name.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/core/job_runner.hpp"
#include "backend/core/result.hpp"
#include "backend/store/mariadb_options.hpp"

namespace opsdeck::backup {

struct MariadbDumpOptions {
  // One INSERT statement grows to about this size (the `mariadb` client and the server accept far more).
  std::size_t max_statement_bytes = 1U << 20U;
  // Rows per chunked SELECT for tables with an integer primary key.
  std::uint64_t chunk_rows = 250000;
};

struct DumpedObject {
  std::string name;
  std::string kind;  // "table" or "view"
  std::uint64_t rows = 0;
  std::optional<std::uint64_t> checksum;  // CHECKSUM TABLE inside the snapshot; absent for views
};

struct MariadbDatabaseDump {
  std::string database;
  std::filesystem::path file;
  std::uint64_t bytes = 0;
  std::string sha256;  // of the file, hashed while it was written
  std::vector<DumpedObject> objects;
  std::vector<std::string> not_dumped;  // sequences, triggers, routines: named so that nothing is silent
};

struct MariadbDumpResult {
  std::string server;          // options.describe()
  std::string server_version;  // the server's own version string
  std::vector<MariadbDatabaseDump> databases;
};

// The manifest fragment:
// {"kind":"mariadb","server":...,"databases":[{"database","file","bytes","tables":[...]}]}. File names are
// relative to the staging directory.
nlohmann::json to_json(const MariadbDumpResult& result, const std::filesystem::path& relative_to);
core::Result<MariadbDumpResult> mariadb_dump_from_json(const nlohmann::json& fragment,
                                                       const std::filesystem::path& base_dir);

// Dumps every database in `databases` into `directory`/<file per database> (files created 0600, fsynced).
// `job` (may be null) receives progress in rows and is polled for cancellation.
core::Result<MariadbDumpResult> dump_mariadb_databases(const store::MariadbOptions& options,
                                                       const std::vector<std::string>& databases,
                                                       const std::filesystem::path& directory,
                                                       const MariadbDumpOptions& dump_options,
                                                       core::JobContext* job);

// One database into one named file (used for the safety dump before a restore).
core::Result<MariadbDatabaseDump> dump_mariadb_database_to(const store::MariadbOptions& options,
                                                           const std::string& database,
                                                           const std::filesystem::path& file,
                                                           const MariadbDumpOptions& dump_options,
                                                           core::JobContext* job);

}  // namespace opsdeck::backup
