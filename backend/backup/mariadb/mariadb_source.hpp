// MariadbSource: MariaDB databases as a BackupSource. write_into dumps every database in one snapshot into
// the staging directory (one .sql file each) and records tables, row counts and checksums in the fragment's
// details; restore_from restores a dump into a named database with a safety dump and rollback
// (mariadb_restore.hpp). Safety dumps go to <repository>/.safety-dumps/.
#pragma once

#include <string>
#include <vector>

#include "backend/backup/backup_source.hpp"
#include "backend/backup/mariadb/mariadb_dump.hpp"
#include "backend/store/mariadb_options.hpp"

namespace opsdeck::backup {

struct MariadbSourceOptions {
  std::string name;  // "mariadb:<server>/<db>" as the user wrote it
  store::MariadbOptions server;
  std::vector<std::string> databases;
  MariadbDumpOptions dump;
};

class MariadbSource : public BackupSource {
 public:
  explicit MariadbSource(MariadbSourceOptions options) : options_(std::move(options)) {}

  std::string kind() const override { return "mariadb"; }
  std::string name() const override { return options_.name; }
  // Data and index length of the databases' tables (a dump is usually smaller than that).
  core::Result<std::uint64_t> estimate_bytes() override;
  core::Result<ManifestFragment> write_into(const std::filesystem::path& staging_dir,
                                            core::JobContext& job) override;
  // `target`: "db:<name>" or "<name>", the database to restore into (the backup must hold one database),
  // or empty to restore every database of the backup under its own name.
  core::Status restore_from(const std::filesystem::path& data_dir, const Manifest& manifest,
                            const std::string& target, core::JobContext& job) override;

 private:
  MariadbSourceOptions options_;
};

}  // namespace opsdeck::backup
