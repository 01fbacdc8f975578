// Backup sources that are servers rather than directories, named as
//   mariadb:<server>/<db>[,<db>...]   <server> empty or "default" = the configured mariadb.*, a path = that
//                                     unix socket, host[:port] = that server (credentials from mariadb.*)
//   redis:<server>                    the same rules with redis.*
// The manifest stores the source string, so a restore (CLI or console) rebuilds the same source from it.
#pragma once

#include <memory>
#include <string>

#include "backend/backup/backup_source.hpp"
#include "backend/core/result.hpp"
#include "backend/store/mariadb_options.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::backup {

bool is_database_source(const std::string& source);

// The source for `source` with the server it names applied to `mariadb` / `redis` (options from the config;
// only the one the source's kind needs is used). `flush_on_restore` applies to Redis (FLUSHDB before
// RESTORE).
core::Result<std::unique_ptr<BackupSource>> database_source_from(const std::string& source,
                                                                 store::MariadbOptions mariadb,
                                                                 store::RedisOptions redis,
                                                                 bool flush_on_restore);

// The database a MariaDB backup of one database restores into by default (its own name); "" otherwise.
std::string default_database_target(const std::string& source);

}  // namespace opsdeck::backup
