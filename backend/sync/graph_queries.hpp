// Read-only queries on the graph tables: labels with counts, nodes of a label, one node with its
// relationships in both directions. Used by `opsdeck graph` and the Sync view's graph browser.
#pragma once

#include <string>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/sync/sync_snapshot.hpp"

namespace opsdeck::sync {

core::Result<std::vector<LabelCount>> query_labels(store::MariadbConnection& connection);
core::Result<std::vector<NodeSummary>> query_nodes(store::MariadbConnection& connection,
                                                   const std::string& label, std::size_t limit,
                                                   std::size_t offset);
// kNotFound naming label and id when there is no such node.
core::Result<NodeDetail> query_node(store::MariadbConnection& connection, const std::string& label,
                                    const std::string& id);

}  // namespace opsdeck::sync
