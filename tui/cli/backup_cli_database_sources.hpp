// `opsdeck backup` sources that are servers rather than directories:
//   mariadb:<server>/<db>[,<db>...]   <server> empty or "default" = the configured mariadb.*, a path = that
//                                     unix socket, host[:port] = that server (credentials from mariadb.*)
//   redis:<server>                    the same rules with redis.*
// The manifest stores the source string, so a restore rebuilds the same source from it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "backend/backup/backup_repository.hpp"
#include "backend/backup/backup_source.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {

bool is_database_source(const std::string& source);

// The source for SOURCE; `flush_on_restore` applies to Redis (FLUSHDB before RESTORE).
core::Result<std::unique_ptr<backup::BackupSource>> database_source(CliContext& context,
                                                                    const std::string& source,
                                                                    bool flush_on_restore);

// `backup restore ID --to TARGET` for a mariadb or redis backup: TARGET is the database ("db:<name>" or
// "<name>") for MariaDB; for Redis the keys go back into the server the backup was taken from.
void restore_database_backup(CliContext& context, const backup::BackupInfo& info, const std::string& target,
                             bool flush);

}  // namespace opsdeck::tui::cli
