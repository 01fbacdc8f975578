// GraphWriter: upserts nodes and relationships into the graph tables in batches. Each batch is one prepared
// multi-row `INSERT ... ON DUPLICATE KEY UPDATE` (a few thousand bound values, one round trip, one commit):
// a new row gets firstseen = lastupdated = update_tag, an existing one keeps firstseen and gets the new
// properties, scope and lastupdated. One writer per connection and thread.
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

  store::MariadbConnection& connection_;
  std::uint64_t update_tag_;
  std::size_t batch_rows_;
  Table nodes_;
  Table relationships_;
  std::uint64_t nodes_written_ = 0;
  std::uint64_t relationships_written_ = 0;
};

}  // namespace opsdeck::sync
