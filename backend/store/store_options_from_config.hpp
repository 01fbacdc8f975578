// Connection options for MariaDB and Redis read from the configuration (keys mariadb.* and redis.*).
// Host and socket both empty means "not configured": the caller then uses the local stack's options.
#pragma once

#include "backend/core/config.hpp"
#include "backend/core/result.hpp"
#include "backend/store/mariadb_options.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::store {

// mariadb.host, port, socket, user, password (secret), database, ssl_ca, ssl_cert, ssl_key, ssl_verify,
// connect_timeout (seconds). Any ssl_* file turns TLS on.
core::Result<MariadbOptions> mariadb_options_from_config(const core::Config& config);

// redis.host, port, socket, password (secret), db, connect_timeout (seconds).
core::Result<RedisOptions> redis_options_from_config(const core::Config& config);

}  // namespace opsdeck::store
