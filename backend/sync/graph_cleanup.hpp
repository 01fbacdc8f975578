// Cleanup after a successful load: for each declared resource (node label or relationship type, in its
// scope) the rows whose lastupdated is not this run's update_tag are stale and deleted, in batches of
// `batch` rows per DELETE (each its own short transaction, so no long locks are held). plan_cleanup counts
// first; if a node label would lose more than max_share of its rows in its scope, the plan is refused unless
// forced and nothing of the provider is deleted. Relationships are deleted before nodes.
// Deleting a node also deletes every relationship to or from it, of any type and scope (a cross-provider
// SERVES link from a host process to a MariaDB server node goes with the server node). Per batch of stale
// nodes (taken through the (label, scope, lastupdated) index), one query finds which of them still have
// relationships at either end (usually none: the provider's own stale relationships went first); only
// those ids are sent back and their relationships deleted (`batch` rows per DELETE, through the
// (from_label, from_id) and (to_label, to_id) indexes); then the batch's nodes. Those relationships are
// counted in the node label's attached_deleted and named in the safety-share message.
#pragma once

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/sync/sync_snapshot.hpp"

namespace opsdeck::sync {

// Node ids per batch are bound one placeholder each, so a batch is capped below the server's limit of 65,535
// parameters per statement whatever `sync.cleanup_batch` says.
inline constexpr std::size_t kMaxNodesPerCleanupBatch = 10'000;

struct CleanupPlan {
  std::vector<CleanupResult> resources;  // relationships first, then nodes
  bool refused = false;
  std::string message;  // why refused: "cleanup of node Process @ host:web1 would delete 80 of 100 rows ..."
  std::uint64_t stale() const;
};

core::Result<CleanupPlan> plan_cleanup(store::MariadbConnection& connection,
                                       const std::vector<ResourceScope>& resources, std::uint64_t update_tag,
                                       double max_share, bool force);

// Deletes what the plan counted (and whatever else went stale meanwhile), filling in `deleted`. Stops between
// batches when `stop` is requested (the rows deleted so far stay deleted; the next run finishes the job).
// `on_batch` gets the number of rows each statement deleted.
core::Status run_cleanup(store::MariadbConnection& connection, CleanupPlan& plan, std::uint64_t update_tag,
                         std::size_t batch, std::stop_token stop,
                         const std::function<void(std::uint64_t)>& on_batch = {});

}  // namespace opsdeck::sync
