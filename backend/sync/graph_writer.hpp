// GraphWriter: upserts nodes and relationships into the graph tables in batches. Each batch is one prepared
// multi-row `INSERT ... ON DUPLICATE KEY UPDATE` (a few thousand bound values, one round trip, one commit):
// a new row gets firstseen = lastupdated = update_tag, an existing one keeps firstseen and gets the new
// properties, scope and lastupdated. Batches are committed ten at a time (10,000 rows per transaction):
// one log flush per ten statements instead of one each, while no transaction grows large enough to hold
// locks for long. flush() commits. One writer per connection and thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/sync/provider.hpp"

namespace opsdeck::sync {

inline constexpr std::size_t kDefaultWriteBatch = 1'000;
inline constexpr std::size_t kBatchesPerCommit = 10;

class GraphWriter {
 public:
  GraphWriter(store::MariadbConnection& connection, std::uint64_t update_tag,
              std::size_t batch_rows = kDefaultWriteBatch);
  ~GraphWriter();
  GraphWriter(const GraphWriter&) = delete;
  GraphWriter& operator=(const GraphWriter&) = delete;

  core::Status add_node(const GraphNode& node);
  core::Status add_relationship(const GraphRelationship& relationship);
  // Writes what is buffered. Call before reading the tables or finishing a load.
  core::Status flush();

  // Rows committed: a batch that fails rolls back its whole transaction, and the rows of the earlier
  // batches in it are not counted.
  std::uint64_t nodes_written() const { return nodes_written_; }
  std::uint64_t relationships_written() const { return relationships_written_; }

  // The statements, for the benchmark's naive baseline (rows = 1) and for tests.
  static std::string node_upsert_sql(std::size_t rows);
  static std::string relationship_upsert_sql(std::size_t rows);

 private:
  struct Table {
    std::size_t columns = 0;
    std::vector<store::Value> binds;
    std::size_t pending = 0;
    std::unique_ptr<store::Statement> full_batch;  // prepared once for batch_rows rows
  };
  core::Status flush_table(Table& table, bool nodes);
  core::Status commit();  // commits and counts the transaction's rows as written
  void discard_uncommitted();

  store::MariadbConnection& connection_;
  std::uint64_t update_tag_;
  std::size_t batch_rows_;
  Table nodes_;
  Table relationships_;
  std::size_t batches_in_transaction_ = 0;
  std::uint64_t nodes_written_ = 0;
  std::uint64_t relationships_written_ = 0;
  std::uint64_t uncommitted_nodes_ = 0;
  std::uint64_t uncommitted_relationships_ = 0;
};

}  // namespace opsdeck::sync
