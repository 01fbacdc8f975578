// BackupConsole: the backup engine as the console drives it. It lists the repository into a
// BackupsSnapshot (sources with their last backup, backups with size and verification state), and runs
// the console's backup, verify, restore-preview and restore work inside jobs, publishing what is running,
// the latest preview and a fresh listing after each. Everything goes through the same engine calls as
// `opsdeck backup` (BackupRepository::create, verify_backup, restore_directory).
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "backend/backup/backup_repository.hpp"
#include "backend/backup/backup_snapshot.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/published.hpp"
#include "backend/core/result.hpp"
#include "backend/store/mariadb_options.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::backup {

struct BackupConsoleSettings {
  std::filesystem::path repo;                            // empty: not configured (the view says how)
  std::map<std::string, std::filesystem::path> sources;  // named directory sources
  std::vector<std::string> exclude_globs;
  unsigned workers = 4;
  CompressionSetting compression;  // backup.compression
  // mariadb.* / redis.*: restoring a mariadb: or redis: backup connects with these, to the server the
  // backup's source names (database_sources.hpp); database_problem says why they could not be read.
  store::MariadbOptions mariadb;
  store::RedisOptions redis;
  std::string database_problem;
  AgePolicy policy;
  std::string problem;  // the configuration could not be read: shown instead of the listing
};

class BackupConsole {
 public:
  explicit BackupConsole(BackupConsoleSettings settings);

  core::Published<BackupsSnapshot>& snapshots() { return snapshots_; }
  const BackupConsoleSettings& settings() const { return settings_; }

  // Lists the repository again and publishes (cheap: manifests only, no file is hashed).
  void refresh();

  // Marks a job as started/finished from the console (shown as running; a restore is kept as the last one).
  void job_started(ConsoleJob job);
  void job_finished(core::JobId id);

  // Backs up a configured source (by name) or a directory (by path) into the repository.
  core::Result<std::string> create(const std::string& source, core::JobContext& job);
  // Verifies one backup and records the outcome in the repository (verification_record.hpp).
  core::Result<std::string> verify(const std::string& id, bool read_data, core::JobContext& job);
  // Computes what restoring `id` into `target` would change and publishes it as the snapshot's preview.
  core::Result<std::string> preview(const std::string& id, const std::string& target, core::JobContext& job);
  // Restores a backup into `target` with rollback: a directory backup into a directory (on failure the old
  // data is back in place), a MariaDB backup into the database `target` (an existing one is replaced after a
  // safety dump, which is restored on failure), a Redis backup into the server it came from.
  core::Result<std::string> restore(const std::string& id, const std::string& target, core::JobContext& job);

  // Where a backup restores by default: the configured source's directory, else the source if it is a
  // path.
  std::string default_target(const Manifest& manifest) const;

 private:
  core::Result<BackupRepository> open_repository(bool create) const;
  core::Result<std::string> restore_database(const BackupInfo& backup, const std::string& target,
                                             core::JobContext& job);
  void publish_locked();

  BackupConsoleSettings settings_;
  core::Published<BackupsSnapshot> snapshots_;
  std::mutex mutex_;  // guards the fields below and orders publishes
  BackupsSnapshot current_;
};

}  // namespace opsdeck::backup
