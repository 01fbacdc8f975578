#include "backend/sync/graph_cleanup.hpp"

#include <algorithm>

#include "backend/sync/resource_locks.hpp"

namespace opsdeck::sync {
namespace {

bool is_node(const ResourceScope& resource) {
  return resource.kind == ResourceScope::Kind::kNode;
}

// A stale batch of a label's nodes in a scope: the first `?` ids in the cleanup index's order. The index is
// forced: with few distinct (label, scope, lastupdated) values the server's statistics make a scan of the
// label's primary-key range look cheaper, and that scan reads every surviving node before the stale ones,
// again for each batch (quadratic in the label's size: most of the cleanup's time before this).
constexpr std::string_view kStaleNodeBatch =
    "SELECT id FROM sync_nodes FORCE INDEX (sync_nodes_cleanup)"
    " WHERE label = ? AND scope = ? AND lastupdated <> ? LIMIT ?";

struct Counts {
  std::uint64_t total = 0;
  std::uint64_t stale = 0;
};

// A resource's rows in its scope and those of them not written in this run, in one pass over the
// (label|type, scope, lastupdated) index.
core::Result<Counts> count(store::MariadbConnection& connection, const ResourceScope& resource,
                           std::uint64_t update_tag) {
  const std::string sql =
      is_node(resource)
          ? "SELECT COUNT(*), COUNT(CASE WHEN lastupdated <> ? THEN 1 END) FROM sync_nodes WHERE "
            "label = ? AND scope = ?"
          : "SELECT COUNT(*), COUNT(CASE WHEN lastupdated <> ? THEN 1 END) FROM sync_relationships"
            " WHERE type = ? AND scope = ?";
  auto result = connection.execute(sql, {update_tag, resource.name, resource.scope});
  if (!result.ok()) {
    return core::Unexpected{result.error()};
  }
  Counts counts;
  if (!result->rows.empty()) {
    auto total = result->rows[0].get<std::uint64_t>(0);
    auto stale = result->rows[0].get<std::uint64_t>(1);
    if (!total.ok()) {
      return core::Unexpected{total.error()};
    }
    if (!stale.ok()) {
      return core::Unexpected{stale.error()};
    }
    counts = Counts{*total, *stale};
  }
  return counts;
}

// Relationships (any type, any scope) with an end among a label's stale nodes in a scope: both directions
// through the indexes on (from_label, from_id) and (to_label, to_id), a relationship between two stale nodes
// counted once.
core::Result<std::uint64_t> count_attached(store::MariadbConnection& connection,
                                           const ResourceScope& resource, std::uint64_t update_tag) {
  const std::string side =
      "SELECT r.type, r.from_label, r.from_id, r.to_label, r.to_id"
      " FROM sync_nodes n FORCE INDEX (sync_nodes_cleanup)"
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

std::string placeholders(std::size_t count) {
  std::string list;
  list.reserve(count * 2);
  for (std::size_t i = 0; i < count; ++i) {
    list += i == 0 ? "?" : ",?";
  }
  return list;
}

core::Status cancelled(const CleanupResult& result) {
  std::string message = "cleanup cancelled after deleting " + std::to_string(result.deleted) + " rows of " +
                        describe_resource(result.resource);
  if (result.attached_deleted > 0) {
    message += " and " + std::to_string(result.attached_deleted) + " relationships attached to them";
  }
  return core::fail(core::ErrorCategory::kCancelled, message);
}

// Runs a `DELETE ... LIMIT` statement until a run deletes fewer than `per_run` rows, adding each run's rows
// to `counter` and reporting them. Each run commits on its own; stops between runs when asked to.
core::Status delete_in_batches(store::Statement& statement, const std::vector<store::Value>& binds,
                               std::uint64_t per_run, std::uint64_t& counter, const CleanupResult& result,
                               std::stop_token stop, const std::function<void(std::uint64_t)>& on_batch) {
  while (true) {
    if (stop.stop_requested()) {
      return cancelled(result);
    }
    auto deleted = statement.execute(binds);
    if (!deleted.ok()) {
      return core::Unexpected{deleted.error()};
    }
    counter += deleted->affected_rows;
    if (on_batch && deleted->affected_rows > 0) {
      on_batch(deleted->affected_rows);
    }
    if (deleted->affected_rows < per_run) {
      return {};
    }
  }
}

// The statements of a label's node cleanup, prepared once and reused for every batch.
class NodeCleanup {
 public:
  NodeCleanup(store::MariadbConnection& connection, CleanupResult& result, std::uint64_t update_tag,
              std::size_t batch)
      : connection_(connection),
        result_(result),
        batch_(batch),
        per_batch_(std::min(batch, kMaxNodesPerCleanupBatch)),
        batch_binds_{result.resource.name, result.resource.scope, update_tag,
                     static_cast<std::uint64_t>(per_batch_)} {}

  core::Status prepare_statements() {
    // The batch's ids that have a relationship at either end. Usually none: the provider's own stale
    // relationships were deleted just before, so only other providers' links to these nodes are left.
    // Driven from the batch's ids (a join, not EXISTS, which the server may materialise over the whole
    // relationships table), so the probe costs two index lookups per node and no id leaves the server.
    const std::string batch(kStaleNodeBatch);
    auto attached =
        connection_.prepare("SELECT s.id FROM (" + batch +
                            ") AS s JOIN sync_relationships r ON r.from_label = ? AND r.from_id = s.id"
                            " UNION SELECT s.id FROM (" +
                            batch + ") AS s JOIN sync_relationships r ON r.to_label = ? AND r.to_id = s.id");
    if (!attached.ok()) {
      return core::Unexpected{attached.error()};
    }
    attached_ = std::move(*attached);
    // The nodes of the same batch (the resource lock keeps other syncs of this label and scope away, so it
    // is the batch that was probed), deleted by primary key without sending their ids back.
    auto nodes = connection_.prepare("DELETE n FROM sync_nodes n JOIN (" + batch +
                                     ") AS s ON n.id = s.id WHERE n.label = ? AND n.lastupdated <> ?");
    if (!nodes.ok()) {
      return core::Unexpected{nodes.error()};
    }
    nodes_ = std::move(*nodes);
    return {};
  }

  // One batch: the relationships attached to its nodes, then the nodes. False when it was the last batch.
  core::Result<bool> run_batch(std::stop_token stop, const std::function<void(std::uint64_t)>& on_batch) {
    std::vector<store::Value> probe = batch_binds_;
    probe.emplace_back(result_.resource.name);
    probe.insert(probe.end(), batch_binds_.begin(), batch_binds_.end());
    probe.emplace_back(result_.resource.name);
    auto found = attached_->execute(probe);
    if (!found.ok()) {
      return core::Unexpected{found.error()};
    }
    if (!found->rows.empty()) {
      std::vector<store::Value> ids;
      ids.reserve(found->rows.size());
      for (const auto& row : found->rows) {
        auto id = row.get<std::string>(0);
        if (!id.ok()) {
          return core::Unexpected{id.error()};
        }
        ids.emplace_back(std::move(*id));
      }
      OPSDECK_TRY(delete_attached(ids, "from", stop, on_batch));
      OPSDECK_TRY(delete_attached(ids, "to", stop, on_batch));
    }
    std::vector<store::Value> binds = batch_binds_;
    binds.emplace_back(result_.resource.name);
    binds.emplace_back(batch_binds_[2]);
    auto deleted = nodes_->execute(binds);
    if (!deleted.ok()) {
      return core::Unexpected{deleted.error()};
    }
    result_.deleted += deleted->affected_rows;
    if (on_batch && deleted->affected_rows > 0) {
      on_batch(deleted->affected_rows);
    }
    return deleted->affected_rows >= per_batch_;
  }

 private:
  // The relationships whose `end` ("from" or "to") is one of `ids` of the label, `batch` rows per statement.
  // A statement is prepared per list length and kept for the next batch of the same length.
  core::Status delete_attached(const std::vector<store::Value>& ids, const std::string& end,
                               std::stop_token stop, const std::function<void(std::uint64_t)>& on_batch) {
    auto& cached = end == "from" ? from_ : to_;
    if (!cached.statement || cached.ids != ids.size()) {
      auto statement = connection_.prepare("DELETE FROM sync_relationships WHERE " + end + "_label = ? AND " +
                                           end + "_id IN (" + placeholders(ids.size()) + ") LIMIT ?");
      if (!statement.ok()) {
        return core::Unexpected{statement.error()};
      }
      cached = Cached{std::move(*statement), ids.size()};
    }
    std::vector<store::Value> binds;
    binds.reserve(ids.size() + 2);
    binds.emplace_back(result_.resource.name);
    binds.insert(binds.end(), ids.begin(), ids.end());
    binds.emplace_back(static_cast<std::uint64_t>(batch_));
    return delete_in_batches(*cached.statement, binds, batch_, result_.attached_deleted, result_, stop,
                             on_batch);
  }

  struct Cached {
    std::unique_ptr<store::Statement> statement;
    std::size_t ids = 0;
  };
  store::MariadbConnection& connection_;
  CleanupResult& result_;
  std::size_t batch_;
  std::size_t per_batch_;
  std::vector<store::Value> batch_binds_;  // label, scope, update_tag, per_batch
  std::unique_ptr<store::Statement> attached_;
  std::unique_ptr<store::Statement> nodes_;
  Cached from_;
  Cached to_;
};

// A label's stale nodes in its scope, a batch at a time: the relationships to and from the batch's nodes
// (whoever wrote those), then the nodes. Each statement commits on its own.
core::Status delete_nodes(store::MariadbConnection& connection, CleanupResult& result,
                          std::uint64_t update_tag, std::size_t batch, std::stop_token stop,
                          const std::function<void(std::uint64_t)>& on_batch) {
  NodeCleanup cleanup(connection, result, update_tag, batch);
  OPSDECK_TRY(cleanup.prepare_statements());
  while (true) {
    if (stop.stop_requested()) {
      return cancelled(result);
    }
    auto more = cleanup.run_batch(stop, on_batch);
    if (!more.ok()) {
      return core::Unexpected{more.error()};
    }
    if (!*more) {
      return {};
    }
  }
}

// A relationship type's stale rows in its scope, `batch` rows per DELETE.
core::Status delete_relationships(store::MariadbConnection& connection, CleanupResult& result,
                                  std::uint64_t update_tag, std::size_t batch, std::stop_token stop,
                                  const std::function<void(std::uint64_t)>& on_batch) {
  auto statement = connection.prepare(
      "DELETE FROM sync_relationships WHERE type = ? AND scope = ? AND lastupdated <> ? LIMIT ?");
  if (!statement.ok()) {
    return core::Unexpected{statement.error()};
  }
  return delete_in_batches(
      **statement,
      {result.resource.name, result.resource.scope, update_tag, static_cast<std::uint64_t>(batch)}, batch,
      result.deleted, result, stop, on_batch);
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
    auto counts = count(connection, resource, update_tag);
    if (!counts.ok()) {
      return core::Unexpected{counts.error()};
    }
    result.total = counts->total;
    result.stale = counts->stale;
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
    OPSDECK_TRY(is_node(result.resource)
                    ? delete_nodes(connection, result, update_tag, batch, stop, on_batch)
                    : delete_relationships(connection, result, update_tag, batch, stop, on_batch));
  }
  return {};
}

}  // namespace opsdeck::sync
