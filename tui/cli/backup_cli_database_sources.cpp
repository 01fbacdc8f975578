#include "tui/cli/backup_cli_database_sources.hpp"

#include <iostream>

#include "backend/backup/database_sources.hpp"
#include "backend/store/store_options_from_config.hpp"
#include "tui/cli/backup_cli_support.hpp"

namespace opsdeck::tui::cli {

bool is_database_source(const std::string& source) {
  return backup::is_database_source(source);
}

core::Result<std::unique_ptr<backup::BackupSource>> database_source(CliContext& context,
                                                                    const std::string& source,
                                                                    bool flush_on_restore) {
  const core::Config* config = context.config();
  if (config == nullptr) {
    return core::fail(core::ErrorCategory::kInvalidInput, "the configuration did not load");
  }
  // Only the options of the source's kind are read: a broken redis.* must not stop a MariaDB backup.
  store::MariadbOptions mariadb;
  store::RedisOptions redis;
  if (source.starts_with("mariadb:")) {
    auto options = store::mariadb_options_from_config(*config);
    OPSDECK_TRY(options);
    mariadb = std::move(*options);
  } else if (source.starts_with("redis:")) {
    auto options = store::redis_options_from_config(*config);
    OPSDECK_TRY(options);
    redis = std::move(*options);
  }
  return backup::database_source_from(source, std::move(mariadb), std::move(redis), flush_on_restore);
}

void restore_database_backup(CliContext& context, const backup::BackupInfo& info, const std::string& target,
                             bool flush) {
  auto source = database_source(context, info.manifest.source, flush);
  if (!source.ok()) {
    context.fail(source.error());
    return;
  }
  auto status = run_backup_job(context, "restore " + info.id, [&](core::JobContext& job) -> core::Status {
    return (*source)->restore_from(info.data_dir(), info.manifest, target, job);
  });
  if (!status.ok()) {
    context.fail(status.error());
    return;
  }
  if (context.options.json) {
    context.print_json(
        {{"id", info.id}, {"kind", info.manifest.kind}, {"target", target}, {"restored", true}});
  } else {
    std::cout << "restored " << info.manifest.kind << " backup " << info.id << " of " << info.manifest.source
              << (info.manifest.kind == "mariadb" ? " into database " + target : std::string()) << "\n";
  }
}

}  // namespace opsdeck::tui::cli
