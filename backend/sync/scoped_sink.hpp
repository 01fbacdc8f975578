// ScopedSink: the GraphSink a provider writes into. It refuses (with a message naming the label and scope)
// anything outside the resources the provider declared, since the engine locked and will clean up exactly
// those, and passes the rest to a GraphWriter. Thread-safe, so a provider may load from several threads.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "backend/sync/graph_writer.hpp"
#include "backend/sync/provider.hpp"

namespace opsdeck::sync {

class ScopedSink final : public GraphSink {
 public:
  ScopedSink(std::string provider, const std::vector<ResourceScope>& resources, GraphWriter& writer);

  core::Status add_node(GraphNode node) override;
  core::Status add_relationship(GraphRelationship relationship) override;
  core::Status flush();

  std::uint64_t nodes_added() const { return nodes_added_.load(); }
  std::uint64_t relationships_added() const { return relationships_added_.load(); }

 private:
  std::string provider_;
  std::set<std::pair<std::string, std::string>> node_scopes_;          // (label, scope)
  std::set<std::pair<std::string, std::string>> relationship_scopes_;  // (type, scope)
  GraphWriter& writer_;
  std::mutex mutex_;
  std::atomic<std::uint64_t> nodes_added_{0};
  std::atomic<std::uint64_t> relationships_added_{0};
};

}  // namespace opsdeck::sync
