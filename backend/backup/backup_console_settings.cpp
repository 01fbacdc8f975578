// Backup settings for the console.
#include "backend/backup/backup_console_settings.hpp"

#include "backend/backup/backup_settings.hpp"
#include "backend/store/store_options_from_config.hpp"

namespace opsdeck::backup {

BackupConsoleSettings backup_console_settings_from_config(const core::Config& config) {
  BackupConsoleSettings console;
  console.policy.fresh_seconds = config.get_int("backup_age.fresh_hours") * 3600;
  console.policy.stale_seconds = config.get_int("backup_age.stale_days") * 86400;
  auto mariadb = store::mariadb_options_from_config(config);
  auto redis = store::redis_options_from_config(config);
  if (mariadb.ok()) {
    console.mariadb = *mariadb;
  }
  if (redis.ok()) {
    console.redis = *redis;
  }
  if (!mariadb.ok() || !redis.ok()) {
    console.database_problem = (!mariadb.ok() ? mariadb.error() : redis.error()).message;
  }
  auto settings = backup_settings_from_config(config);
  if (!settings.ok()) {
    console.problem = settings.error().message;
    return console;
  }
  console.repo = settings->repo;
  console.sources = settings->sources;
  console.exclude_globs = settings->exclude_globs;
  console.workers = settings->workers;
  console.compression = settings->compression;
  return console;
}

}  // namespace opsdeck::backup
