#include "backend/sync/scoped_sink.hpp"

namespace opsdeck::sync {
namespace {

// Checked here rather than by the database: a too long id would otherwise fail a whole batch of 1,000.
core::Status check_field(std::string_view provider, std::string_view what, std::string_view value,
                         std::size_t max_length) {
  if (value.empty() || value.size() > max_length) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "provider " + std::string(provider) + ": " + std::string(what) + " '" +
                          std::string(value.substr(0, 80)) + "' must be 1.." + std::to_string(max_length) +
                          " bytes");
  }
  return {};
}

}  // namespace

ScopedSink::ScopedSink(std::string provider, const std::vector<ResourceScope>& resources, GraphWriter& writer)
    : provider_(std::move(provider)), writer_(writer) {
  for (const auto& resource : resources) {
    auto& target = resource.kind == ResourceScope::Kind::kNode ? node_scopes_ : relationship_scopes_;
    target.emplace(resource.name, resource.scope);
  }
}

core::Status ScopedSink::add_node(GraphNode node) {
  if (!node_scopes_.contains({node.label, node.scope})) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "provider " + provider_ + " wrote node " + node.label + " '" + node.id +
                          "' in scope '" + node.scope + "', which it did not declare in resources()");
  }
  OPSDECK_TRY(check_field(provider_, "node id", node.id, 255));
  std::lock_guard lock(mutex_);
  OPSDECK_TRY(writer_.add_node(node));
  nodes_added_.fetch_add(1, std::memory_order_relaxed);
  return {};
}

core::Status ScopedSink::add_relationship(GraphRelationship relationship) {
  if (!relationship_scopes_.contains({relationship.type, relationship.scope})) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "provider " + provider_ + " wrote relationship " + relationship.type + " in scope '" +
                          relationship.scope + "', which it did not declare in resources()");
  }
  OPSDECK_TRY(check_field(provider_, "relationship from id", relationship.from_id, 255));
  OPSDECK_TRY(check_field(provider_, "relationship to id", relationship.to_id, 255));
  OPSDECK_TRY(check_field(provider_, "relationship from label", relationship.from_label, 64));
  OPSDECK_TRY(check_field(provider_, "relationship to label", relationship.to_label, 64));
  std::lock_guard lock(mutex_);
  OPSDECK_TRY(writer_.add_relationship(relationship));
  relationships_added_.fetch_add(1, std::memory_order_relaxed);
  return {};
}

core::Status ScopedSink::flush() {
  std::lock_guard lock(mutex_);
  return writer_.flush();
}

}  // namespace opsdeck::sync
