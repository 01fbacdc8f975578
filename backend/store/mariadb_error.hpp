// How MariaDB error codes (server ER_* and client CR_*) map to our error categories, and which of them mean
// that the connection is gone. Kept apart from the connection so that the rules are testable without a
// server.
#pragma once

#include "backend/core/error.hpp"

namespace opsdeck::store {

// The connection is unusable and a new one may succeed: the server went away, the connection was lost or
// killed, or the server is shutting down.
bool is_server_gone_error(unsigned code);

core::ErrorCategory mariadb_error_category(unsigned code);

}  // namespace opsdeck::store
