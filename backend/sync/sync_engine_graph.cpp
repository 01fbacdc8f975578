// SyncEngine's read side: graph queries and the graph browser's published state.
#include "backend/store/mariadb_pool.hpp"
#include "backend/sync/graph_queries.hpp"
#include "backend/sync/sync_engine.hpp"
#include "backend/sync/sync_history.hpp"

namespace opsdeck::sync {

core::Result<std::vector<LabelCount>> SyncEngine::labels() {
  OPSDECK_TRY(ensure_open());
  auto connection = pool_->acquire();
  if (!connection.ok()) {
    return core::Unexpected{connection.error()};
  }
  return query_labels(**connection);
}

core::Result<std::vector<NodeSummary>> SyncEngine::nodes(const std::string& label, std::size_t limit,
                                                         std::size_t offset) {
  OPSDECK_TRY(ensure_open());
  auto connection = pool_->acquire();
  if (!connection.ok()) {
    return core::Unexpected{connection.error()};
  }
  return query_nodes(**connection, label, limit, offset);
}

core::Result<NodeDetail> SyncEngine::node(const std::string& label, const std::string& id) {
  OPSDECK_TRY(ensure_open());
  auto connection = pool_->acquire();
  if (!connection.ok()) {
    return core::Unexpected{connection.error()};
  }
  return query_node(**connection, label, id);
}

core::Result<std::vector<SyncRunSummary>> SyncEngine::history(std::size_t runs) {
  OPSDECK_TRY(ensure_open());
  auto connection = pool_->acquire();
  if (!connection.ok()) {
    return core::Unexpected{connection.error()};
  }
  return load_history(**connection, runs);
}

void SyncEngine::browse_labels() {
  auto labels = this->labels();
  std::lock_guard lock(mutex_);
  state_.graph.error = labels.ok() ? "" : labels.error().message;
  if (labels.ok()) {
    state_.graph.labels = std::move(*labels);
  }
  publish_locked();
}

void SyncEngine::browse_label(const std::string& label) {
  auto labels = this->labels();
  auto nodes = this->nodes(label, kBrowsePageSize, 0);
  std::lock_guard lock(mutex_);
  state_.graph.error = !labels.ok() ? labels.error().message : !nodes.ok() ? nodes.error().message : "";
  if (labels.ok()) {
    state_.graph.labels = std::move(*labels);
  }
  state_.graph.label = label;
  state_.graph.nodes = nodes.ok() ? std::move(*nodes) : std::vector<NodeSummary>{};
  state_.graph.node.reset();
  publish_locked();
}

void SyncEngine::browse_node(const std::string& label, const std::string& id) {
  auto node = this->node(label, id);
  std::vector<NodeSummary> nodes;
  bool label_changed = false;
  {
    std::lock_guard lock(mutex_);
    label_changed = state_.graph.label != label;
  }
  auto page = label_changed ? this->nodes(label, kBrowsePageSize, 0)
                            : core::Result<std::vector<NodeSummary>>(std::vector<NodeSummary>{});
  std::lock_guard lock(mutex_);
  state_.graph.error = node.ok() ? "" : node.error().message;
  if (label_changed) {
    state_.graph.label = label;
    state_.graph.nodes = page.ok() ? std::move(*page) : std::vector<NodeSummary>{};
  }
  if (node.ok()) {
    state_.graph.node = std::move(*node);
  }
  publish_locked();
}

}  // namespace opsdeck::sync
