#include "backend/sync/graph_writer.hpp"

namespace opsdeck::sync {
namespace {

constexpr std::size_t kNodeColumns = 6;
constexpr std::size_t kRelationshipColumns = 9;

std::string upsert_sql(std::string_view head, std::string_view row, std::size_t rows, std::string_view tail) {
  std::string sql(head);
  sql.reserve(head.size() + rows * (row.size() + 1) + tail.size());
  for (std::size_t i = 0; i < rows; ++i) {
    if (i > 0) {
      sql += ',';
    }
    sql += row;
  }
  sql += tail;
  return sql;
}

}  // namespace

std::string GraphWriter::node_upsert_sql(std::size_t rows) {
  return upsert_sql("INSERT INTO sync_nodes (label, id, scope, properties, firstseen, lastupdated) VALUES ",
                    "(?,?,?,?,?,?)", rows,
                    " ON DUPLICATE KEY UPDATE scope = VALUES(scope), properties = VALUES(properties),"
                    " lastupdated = VALUES(lastupdated)");
}

std::string GraphWriter::relationship_upsert_sql(std::size_t rows) {
  return upsert_sql(
      "INSERT INTO sync_relationships (type, from_label, from_id, to_label, to_id, scope, properties, "
      "firstseen, lastupdated) VALUES ",
      "(?,?,?,?,?,?,?,?,?)", rows,
      " ON DUPLICATE KEY UPDATE scope = VALUES(scope), properties = VALUES(properties),"
      " lastupdated = VALUES(lastupdated)");
}

GraphWriter::GraphWriter(store::MariadbConnection& connection, std::uint64_t update_tag,
                         std::size_t batch_rows)
    : connection_(connection), update_tag_(update_tag), batch_rows_(batch_rows == 0 ? 1 : batch_rows) {
  nodes_.columns = kNodeColumns;
  relationships_.columns = kRelationshipColumns;
  nodes_.binds.reserve(batch_rows_ * kNodeColumns);
  relationships_.binds.reserve(batch_rows_ * kRelationshipColumns);
}

GraphWriter::~GraphWriter() {
  // Only reached with an open transaction when flush() was never called or failed: drop the partial work.
  if (connection_.in_transaction()) {
    [[maybe_unused]] auto rolled_back = connection_.rollback();
  }
}

core::Status GraphWriter::add_node(const GraphNode& node) {
  auto& binds = nodes_.binds;
  binds.emplace_back(node.label);
  binds.emplace_back(node.id);
  binds.emplace_back(node.scope);
  binds.emplace_back(node.properties.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  binds.emplace_back(update_tag_);
  binds.emplace_back(update_tag_);
  if (++nodes_.pending >= batch_rows_) {
    return flush_table(nodes_, true);
  }
  return {};
}

core::Status GraphWriter::add_relationship(const GraphRelationship& relationship) {
  auto& binds = relationships_.binds;
  binds.emplace_back(relationship.type);
  binds.emplace_back(relationship.from_label);
  binds.emplace_back(relationship.from_id);
  binds.emplace_back(relationship.to_label);
  binds.emplace_back(relationship.to_id);
  binds.emplace_back(relationship.scope);
  binds.emplace_back(relationship.properties.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  binds.emplace_back(update_tag_);
  binds.emplace_back(update_tag_);
  if (++relationships_.pending >= batch_rows_) {
    return flush_table(relationships_, false);
  }
  return {};
}

core::Status GraphWriter::flush() {
  // Nodes first: a reader that sees a relationship then finds both its ends.
  OPSDECK_TRY(flush_table(nodes_, true));
  OPSDECK_TRY(flush_table(relationships_, false));
  return commit();
}

core::Status GraphWriter::commit() {
  batches_in_transaction_ = 0;
  if (connection_.in_transaction()) {
    auto committed = connection_.commit();
    if (!committed.ok()) {
      [[maybe_unused]] auto rolled_back = connection_.rollback();
      discard_uncommitted();
      return committed;
    }
  }
  nodes_written_ += uncommitted_nodes_;
  relationships_written_ += uncommitted_relationships_;
  discard_uncommitted();
  return {};
}

void GraphWriter::discard_uncommitted() {
  uncommitted_nodes_ = 0;
  uncommitted_relationships_ = 0;
}

core::Status GraphWriter::flush_table(Table& table, bool nodes) {
  if (table.pending == 0) {
    return {};
  }
  const std::size_t rows = table.pending;
  if (!connection_.in_transaction()) {
    OPSDECK_TRY(connection_.begin());
  }
  core::Result<store::QueryResult> result = core::fail(core::ErrorCategory::kInternal, "not run");
  if (rows == batch_rows_) {
    if (!table.full_batch) {
      auto prepared = connection_.prepare(nodes ? node_upsert_sql(rows) : relationship_upsert_sql(rows));
      if (!prepared.ok()) {
        return core::Unexpected{prepared.error()};
      }
      table.full_batch = std::move(prepared.value());
    }
    result = table.full_batch->execute(table.binds);
  } else {
    // The last, partial batch of a load: prepared for its own size and used once.
    result = connection_.execute(nodes ? node_upsert_sql(rows) : relationship_upsert_sql(rows), table.binds);
  }
  table.binds.clear();
  table.pending = 0;
  if (!result.ok()) {
    // The rollback also drops the transaction's earlier batches, so they are not written either.
    [[maybe_unused]] auto rolled_back = connection_.rollback();
    batches_in_transaction_ = 0;
    discard_uncommitted();
    return core::Unexpected{result.error()};
  }
  (nodes ? uncommitted_nodes_ : uncommitted_relationships_) += rows;
  if (++batches_in_transaction_ >= kBatchesPerCommit) {
    return commit();
  }
  return {};
}

}  // namespace opsdeck::sync
