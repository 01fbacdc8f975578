// The sync cleanup as it was before commit 1f1e557 (main at 5d01c38), kept verbatim so that
// BM_SyncWriter/1 measures it on the same data, in the same run, as the current one (BM_SyncWriter/0).
// Its costs: the stale ids of each batch are selected through the primary key (the server's choice), which
// reads every surviving node of the label before the stale ones again for each batch, and two 10,000-value
// IN-list DELETEs per batch probe for attached relationships.
#pragma once

#include <algorithm>

#include "backend/sync/graph_cleanup.hpp"
#include "backend/sync/resource_locks.hpp"

namespace opsdeck::sync::before {

inline bool is_node(const ResourceScope& resource) {
  return resource.kind == ResourceScope::Kind::kNode;
}

inline core::Result<std::uint64_t> count(store::MariadbConnection& connection, const ResourceScope& resource,
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

// Relationships (any type, any scope) with an end among a label's stale nodes in a scope: both directions
// through the indexes on (from_label, from_id) and (to_label, to_id), a relationship between two stale nodes
// counted once.
inline core::Result<std::uint64_t> count_attached(store::MariadbConnection& connection,
                                                  const ResourceScope& resource, std::uint64_t update_tag) {
  const std::string side =
      "SELECT r.type, r.from_label, r.from_id, r.to_label, r.to_id FROM sync_nodes n"
      " JOIN sync_relationships r ON r.{end}_label = n.label AND r.{end}_id = n.id"
      " WHERE n.label = ? AND n.scope = ? AND n.lastupdated <> ?";
  auto with_end = [&](const std::string& end) {
    std::string sql = side;
    for (auto at = sql.find("{end}"); at != std::string::npos; at = sql.find("{end}")) {
      sql.replace(at, 5, end);
    }
    return sql;
  };
  auto result = connection.execute(
      "SELECT COUNT(*) FROM (" + with_end("from") + " UNION " + with_end("to") + ") AS attached",
      {resource.name, resource.scope, update_tag, resource.name, resource.scope, update_tag});
  if (!result.ok()) {
    return core::Unexpected{result.error()};
  }
  return result->rows.empty() ? std::uint64_t{0} : result->rows[0].get<std::uint64_t>(0);
}

inline std::string placeholders(std::size_t count) {
  std::string list;
  list.reserve(count * 2);
  for (std::size_t i = 0; i < count; ++i) {
    list += i == 0 ? "?" : ",?";
  }
  return list;
}

inline core::Status cancelled(const CleanupResult& result) {
  std::string message = "cleanup cancelled after deleting " + std::to_string(result.deleted) + " rows of " +
                        describe_resource(result.resource);
  if (result.attached_deleted > 0) {
    message += " and " + std::to_string(result.attached_deleted) + " relationships attached to them";
  }
  return core::fail(core::ErrorCategory::kCancelled, message);
}

// Deletes the relationships whose `end` ("from" or "to") is one of `ids` of the result's label, `batch`
// rows per statement.
inline core::Status delete_attached(store::MariadbConnection& connection, CleanupResult& result,
                                    const std::vector<store::Value>& ids, const std::string& end,
                                    std::size_t batch, std::stop_token stop,
                                    const std::function<void(std::uint64_t)>& on_batch) {
  auto statement = connection.prepare("DELETE FROM sync_relationships WHERE " + end + "_label = ? AND " +
                                      end + "_id IN (" + placeholders(ids.size()) + ") LIMIT ?");
  if (!statement.ok()) {
    return core::Unexpected{statement.error()};
  }
  std::vector<store::Value> binds;
  binds.reserve(ids.size() + 2);
  binds.emplace_back(result.resource.name);
  binds.insert(binds.end(), ids.begin(), ids.end());
  binds.emplace_back(static_cast<std::uint64_t>(batch));
  while (true) {
    if (stop.stop_requested()) {
      return cancelled(result);
    }
    auto deleted = (*statement)->execute(binds);
    if (!deleted.ok()) {
      return core::Unexpected{deleted.error()};
    }
    result.attached_deleted += deleted->affected_rows;
    if (on_batch && deleted->affected_rows > 0) {
      on_batch(deleted->affected_rows);
    }
    if (deleted->affected_rows < batch) {
      return {};
    }
  }
}

// A label's stale nodes in its scope, a batch at a time: pick the batch's ids, delete the relationships to
// and from them (whoever wrote those), then the nodes. Each statement commits on its own.
inline core::Status delete_nodes(store::MariadbConnection& connection, CleanupResult& result,
                                 std::uint64_t update_tag, std::size_t batch, std::stop_token stop,
                                 const std::function<void(std::uint64_t)>& on_batch) {
  const std::size_t per_batch = std::min(batch, kMaxNodesPerCleanupBatch);
  auto select = connection.prepare(
      "SELECT id FROM sync_nodes WHERE label = ? AND scope = ? AND lastupdated <> ? LIMIT ?");
  if (!select.ok()) {
    return core::Unexpected{select.error()};
  }
  const std::vector<store::Value> select_binds{result.resource.name, result.resource.scope, update_tag,
                                               static_cast<std::uint64_t>(per_batch)};
  while (true) {
    if (stop.stop_requested()) {
      return cancelled(result);
    }
    auto found = (*select)->execute(select_binds);
    if (!found.ok()) {
      return core::Unexpected{found.error()};
    }
    if (found->rows.empty()) {
      return {};
    }
    std::vector<store::Value> ids;
    ids.reserve(found->rows.size());
    for (const auto& row : found->rows) {
      auto id = row.get<std::string>(0);
      if (!id.ok()) {
        return core::Unexpected{id.error()};
      }
      ids.emplace_back(std::move(*id));
    }
    OPSDECK_TRY(delete_attached(connection, result, ids, "from", batch, stop, on_batch));
    OPSDECK_TRY(delete_attached(connection, result, ids, "to", batch, stop, on_batch));
    std::vector<store::Value> binds{result.resource.name, result.resource.scope, update_tag};
    binds.insert(binds.end(), ids.begin(), ids.end());
    auto deleted = connection.execute(
        "DELETE FROM sync_nodes WHERE label = ? AND scope = ? AND lastupdated <> ?"
        " AND id IN (" +
            placeholders(ids.size()) + ")",
        binds);
    if (!deleted.ok()) {
      return core::Unexpected{deleted.error()};
    }
    result.deleted += deleted->affected_rows;
    if (on_batch) {
      on_batch(deleted->affected_rows);
    }
    if (ids.size() < per_batch) {
      return {};
    }
  }
}

inline core::Result<CleanupPlan> plan_cleanup(store::MariadbConnection& connection,
                                              const std::vector<ResourceScope>& resources,
                                              std::uint64_t update_tag, double max_share, bool force) {
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
        auto attached = count_attached(connection, resource, update_tag);
        if (!attached.ok()) {
          return core::Unexpected{attached.error()};
        }
        plan.message += "cleanup of " + describe_resource(resource) + " would delete " +
                        std::to_string(result.stale) + " of " + std::to_string(result.total) +
                        " nodes (over " + std::to_string(static_cast<int>(max_share * 100 + 0.5)) + "%)";
        if (*attached > 0) {
          plan.message += " and " + std::to_string(*attached) + " relationships to or from them";
        }
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

inline core::Status run_cleanup(store::MariadbConnection& connection, CleanupPlan& plan,
                                std::uint64_t update_tag, std::size_t batch, std::stop_token stop,
                                const std::function<void(std::uint64_t)>& on_batch) {
  if (plan.refused) {
    return core::fail(core::ErrorCategory::kConflict, plan.message);
  }
  batch = std::max<std::size_t>(batch, 1);
  for (auto& result : plan.resources) {
    if (result.stale == 0) {
      continue;
    }
    if (is_node(result.resource)) {
      OPSDECK_TRY(delete_nodes(connection, result, update_tag, batch, stop, on_batch));
      continue;
    }
    auto statement = connection.prepare(
        "DELETE FROM sync_relationships WHERE type = ? AND scope = ? AND lastupdated <> ? LIMIT ?");
    if (!statement.ok()) {
      return core::Unexpected{statement.error()};
    }
    const std::vector<store::Value> binds{result.resource.name, result.resource.scope, update_tag,
                                          static_cast<std::uint64_t>(batch)};
    while (true) {
      if (stop.stop_requested()) {
        return cancelled(result);
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

}  // namespace opsdeck::sync::before
