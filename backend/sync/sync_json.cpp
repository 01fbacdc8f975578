#include "backend/sync/sync_json.hpp"

namespace opsdeck::sync {
namespace {

nlohmann::json to_json(const ResourceScope& resource) {
  return {{"kind", resource.kind == ResourceScope::Kind::kNode ? "node" : "relationship"},
          {"name", resource.name},
          {"scope", resource.scope}};
}

nlohmann::json to_json(const RelationshipView& relationship) {
  return {{"type", relationship.type},           {"direction", relationship.outgoing ? "out" : "in"},
          {"label", relationship.other_label},   {"id", relationship.other_id},
          {"scope", relationship.scope},         {"properties", relationship.properties},
          {"firstseen", relationship.firstseen}, {"lastupdated", relationship.lastupdated}};
}

}  // namespace

nlohmann::json to_json(const SyncReport& report) {
  nlohmann::json cleanups = nlohmann::json::array();
  for (const auto& cleanup : report.cleanups) {
    cleanups.push_back({{"resource", to_json(cleanup.resource)},
                        {"total", cleanup.total},
                        {"stale", cleanup.stale},
                        {"deleted", cleanup.deleted},
                        {"attached_relationships_deleted", cleanup.attached_deleted},
                        {"refused", cleanup.refused}});
  }
  return {{"provider", report.provider},
          {"status", std::string(to_string(report.status))},
          {"update_tag", report.update_tag},
          {"started_at", report.started_at},
          {"duration_seconds", report.duration_seconds},
          {"nodes_written", report.nodes_written},
          {"relationships_written", report.relationships_written},
          {"nodes_deleted", report.nodes_deleted},
          {"relationships_deleted", report.relationships_deleted},
          {"cleanup_ran", report.cleanup_ran},
          {"message", report.message},
          {"cleanups", cleanups}};
}

nlohmann::json to_json(const SyncRunSummary& summary) {
  nlohmann::json reports = nlohmann::json::array();
  for (const auto& report : summary.reports) {
    reports.push_back(to_json(report));
  }
  return {{"update_tag", summary.update_tag}, {"started_at", summary.started_at}, {"providers", reports}};
}

nlohmann::json to_json(const std::vector<LabelCount>& labels) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& label : labels) {
    out.push_back({{"label", label.label}, {"count", label.count}});
  }
  return out;
}

nlohmann::json to_json(const NodeSummary& node) {
  return {{"label", node.label}, {"id", node.id}, {"scope", node.scope}, {"lastupdated", node.lastupdated}};
}

nlohmann::json to_json(const NodeDetail& node) {
  nlohmann::json outgoing = nlohmann::json::array();
  nlohmann::json incoming = nlohmann::json::array();
  for (const auto& relationship : node.outgoing) {
    outgoing.push_back(to_json(relationship));
  }
  for (const auto& relationship : node.incoming) {
    incoming.push_back(to_json(relationship));
  }
  return {{"label", node.label},         {"id", node.id},
          {"scope", node.scope},         {"properties", node.properties},
          {"firstseen", node.firstseen}, {"lastupdated", node.lastupdated},
          {"outgoing", outgoing},        {"incoming", incoming}};
}

}  // namespace opsdeck::sync
