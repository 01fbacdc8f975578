#include "backend/sync/graph_cleanup.hpp"

#include <algorithm>

#include "backend/sync/resource_locks.hpp"

namespace opsdeck::sync {
namespace {

bool is_node(const ResourceScope& resource) {
  return resource.kind == ResourceScope::Kind::kNode;
}

core::Result<std::uint64_t> count(store::MariadbConnection& connection, const ResourceScope& resource,
                                  const std::uint64_t* stale_for_tag) {
  std::string sql = is_node(resource)
                        ? "SELECT COUNT(*) FROM sync_nodes WHERE label = ? AND scope = ?"
                        : "SELECT COUNT(*) FROM sync_relationships WHERE type = ? AND scope = ?";
  std::vector<store::Value> binds{resource.name, resource.scope};
  if (stale_for_tag != nullptr) {
    sql += " AND lastupdated <> ?";
    binds.emplace_back(*stale_for_tag);
  }
  auto result = connection.execute(sql, binds);
  if (!result.ok()) {
    return core::Unexpected{result.error()};
  }
  if (result->rows.empty()) {
    return std::uint64_t{0};
  }
  return result->rows[0].get<std::uint64_t>(0);
}

}  // namespace

std::uint64_t CleanupPlan::stale() const {
  std::uint64_t total = 0;
  for (const auto& resource : resources) {
    total += resource.stale;
  }
  return total;
}

core::Result<CleanupPlan> plan_cleanup(store::MariadbConnection& connection,
                                       const std::vector<ResourceScope>& resources, std::uint64_t update_tag,
                                       double max_share, bool force) {
  CleanupPlan plan;
  std::vector<ResourceScope> ordered = resources;
  std::stable_partition(ordered.begin(), ordered.end(), [](const ResourceScope& r) { return !is_node(r); });
  for (const auto& resource : ordered) {
    CleanupResult result;
    result.resource = resource;
    auto total = count(connection, resource, nullptr);
    if (!total.ok()) {
      return core::Unexpected{total.error()};
    }
    auto stale = count(connection, resource, &update_tag);
    if (!stale.ok()) {
      return core::Unexpected{stale.error()};
    }
    result.total = *total;
    result.stale = *stale;
    // The share guards against a provider that silently returned far less than usual (an API that answered
    // an empty page, a mount that was not there): relationships follow their nodes, so only nodes count.
    if (is_node(resource) && result.stale > 0 &&
        static_cast<double>(result.stale) > max_share * static_cast<double>(result.total)) {
      result.refused = !force;
      if (!force) {
        if (!plan.message.empty()) {
          plan.message += "; ";
        }
        plan.message += "cleanup of " + describe_resource(resource) + " would delete " +
                        std::to_string(result.stale) + " of " + std::to_string(result.total) +
                        " nodes (over " + std::to_string(static_cast<int>(max_share * 100 + 0.5)) + "%)";
      }
    }
    plan.refused = plan.refused || result.refused;
    plan.resources.push_back(std::move(result));
  }
  if (plan.refused) {
    plan.message += "; nothing deleted, rerun with --force to delete anyway";
  }
  return plan;
}

core::Status run_cleanup(store::MariadbConnection& connection, CleanupPlan& plan, std::uint64_t update_tag,
                         std::size_t batch, std::stop_token stop,
                         const std::function<void(std::uint64_t)>& on_batch) {
  if (plan.refused) {
    return core::fail(core::ErrorCategory::kConflict, plan.message);
  }
  batch = std::max<std::size_t>(batch, 1);
  for (auto& result : plan.resources) {
    if (result.stale == 0) {
      continue;
    }
    const std::string sql =
        is_node(result.resource)
            ? "DELETE FROM sync_nodes WHERE label = ? AND scope = ? AND lastupdated <> ? LIMIT ?"
            : "DELETE FROM sync_relationships WHERE type = ? AND scope = ? AND lastupdated <> ? LIMIT ?";
    auto statement = connection.prepare(sql);
    if (!statement.ok()) {
      return core::Unexpected{statement.error()};
    }
    const std::vector<store::Value> binds{result.resource.name, result.resource.scope, update_tag,
                                          static_cast<std::uint64_t>(batch)};
    while (true) {
      if (stop.stop_requested()) {
        return core::fail(core::ErrorCategory::kCancelled, "cleanup cancelled after deleting " +
                                                               std::to_string(result.deleted) + " rows of " +
                                                               describe_resource(result.resource));
      }
      auto deleted = (*statement)->execute(binds);
      if (!deleted.ok()) {
        return core::Unexpected{deleted.error()};
      }
      result.deleted += deleted->affected_rows;
      if (on_batch) {
        on_batch(deleted->affected_rows);
      }
      if (deleted->affected_rows < batch) {
        break;
      }
    }
  }
  return {};
}

}  // namespace opsdeck::sync
