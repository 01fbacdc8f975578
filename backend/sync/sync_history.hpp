// The sync_runs table: one row per provider per run, so the Sync view shows the last runs after a restart
// and `opsdeck sync` from cron shows up in the console.
#pragma once

#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/sync/sync_snapshot.hpp"

namespace opsdeck::sync {

core::Status record_run(store::MariadbConnection& connection, const std::vector<SyncReport>& reports);
// The last `runs` runs (grouped by update_tag), newest first.
core::Result<std::vector<SyncRunSummary>> load_history(store::MariadbConnection& connection,
                                                       std::size_t runs);

// Lookup and conversion of ProviderStatus names as stored.
ProviderStatus provider_status_from(std::string_view text);

}  // namespace opsdeck::sync
