#include "backend/sync/graph_queries.hpp"

namespace opsdeck::sync {
namespace {

nlohmann::json parse_properties(const core::Result<std::string>& text) {
  if (!text.ok()) {
    return nlohmann::json::object();
  }
  auto parsed = nlohmann::json::parse(*text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json::object() : parsed;
}

core::Status relationships(store::MariadbConnection& connection, const std::string& label,
                           const std::string& id, bool outgoing, std::vector<RelationshipView>& into) {
  const std::string sql =
      outgoing ? "SELECT type, to_label, to_id, scope, properties, firstseen, lastupdated FROM "
                 "sync_relationships WHERE from_label = ? AND from_id = ? ORDER BY type, to_label, to_id"
               : "SELECT type, from_label, from_id, scope, properties, firstseen, lastupdated FROM "
                 "sync_relationships WHERE to_label = ? AND to_id = ? ORDER BY type, from_label, from_id";
  auto result = connection.execute(sql, {label, id});
  if (!result.ok()) {
    return core::Unexpected{result.error()};
  }
  for (const auto& row : result->rows) {
    RelationshipView view;
    view.outgoing = outgoing;
    view.type = row.get<std::string>(0).value_or("");
    view.other_label = row.get<std::string>(1).value_or("");
    view.other_id = row.get<std::string>(2).value_or("");
    view.scope = row.get<std::string>(3).value_or("");
    view.properties = parse_properties(row.get<std::string>(4));
    view.firstseen = row.get<std::uint64_t>(5).value_or(0);
    view.lastupdated = row.get<std::uint64_t>(6).value_or(0);
    into.push_back(std::move(view));
  }
  return {};
}

}  // namespace

core::Result<std::vector<LabelCount>> query_labels(store::MariadbConnection& connection) {
  auto result =
      connection.execute_plain("SELECT label, COUNT(*) FROM sync_nodes GROUP BY label ORDER BY label");
  if (!result.ok()) {
    return core::Unexpected{result.error()};
  }
  std::vector<LabelCount> labels;
  for (const auto& row : result->rows) {
    labels.push_back(LabelCount{row.get<std::string>(0).value_or(""), row.get<std::uint64_t>(1).value_or(0)});
  }
  return labels;
}

core::Result<std::vector<NodeSummary>> query_nodes(store::MariadbConnection& connection,
                                                   const std::string& label, std::size_t limit,
                                                   std::size_t offset) {
  auto result = connection.execute(
      "SELECT id, scope, lastupdated FROM sync_nodes WHERE label = ? ORDER BY id LIMIT ? OFFSET ?",
      {label, static_cast<std::uint64_t>(limit), static_cast<std::uint64_t>(offset)});
  if (!result.ok()) {
    return core::Unexpected{result.error()};
  }
  std::vector<NodeSummary> nodes;
  for (const auto& row : result->rows) {
    nodes.push_back(NodeSummary{label, row.get<std::string>(0).value_or(""),
                                row.get<std::string>(1).value_or(""), row.get<std::uint64_t>(2).value_or(0)});
  }
  return nodes;
}

core::Result<NodeDetail> query_node(store::MariadbConnection& connection, const std::string& label,
                                    const std::string& id) {
  auto result = connection.execute(
      "SELECT scope, properties, firstseen, lastupdated FROM sync_nodes WHERE label = ? AND id = ?",
      {label, id});
  if (!result.ok()) {
    return core::Unexpected{result.error()};
  }
  if (result->rows.empty()) {
    return core::fail(core::ErrorCategory::kNotFound,
                      "no " + label + " node with id '" + id + "' in the graph");
  }
  const auto& row = result->rows[0];
  NodeDetail node;
  node.label = label;
  node.id = id;
  node.scope = row.get<std::string>(0).value_or("");
  node.properties = parse_properties(row.get<std::string>(1));
  node.firstseen = row.get<std::uint64_t>(2).value_or(0);
  node.lastupdated = row.get<std::uint64_t>(3).value_or(0);
  OPSDECK_TRY(relationships(connection, label, id, true, node.outgoing));
  OPSDECK_TRY(relationships(connection, label, id, false, node.incoming));
  return node;
}

}  // namespace opsdeck::sync
