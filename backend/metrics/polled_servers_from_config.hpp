// Which servers the console and `opsdeck db status` watch: the configured MariaDB primary, each
// mariadb.replicas entry (same user, password and TLS as the primary), Redis and each redis.replicas entry
// (same password and db); a primary that is not configured comes from the local stack when one is given,
// else is left out.
#pragma once

#include <vector>

#include "backend/core/config.hpp"
#include "backend/core/result.hpp"
#include "backend/metrics/server_probe.hpp"
#include "backend/stack/stack_engine.hpp"

namespace opsdeck::metrics {

// Fails when the configured options are invalid (an unreadable password file, a bad replica entry).
core::Result<std::vector<PolledServer>> polled_servers_from_config(const core::Config& config,
                                                                   const stack::StackEngine* stack);

}  // namespace opsdeck::metrics
