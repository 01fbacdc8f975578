// GraphWriter's counts are rows committed: when a batch fails, the rollback takes the transaction's earlier
// batches with it, and those rows are neither in the table nor counted as written.
#include <gtest/gtest.h>

#include "backend/store/schema_steps.hpp"
#include "backend/sync/graph_schema.hpp"
#include "backend/sync/graph_writer.hpp"
#include "tests/integration/sync/sync_test_fixture.hpp"

namespace opsdeck::sync::testing {
namespace {

TEST(SyncWriterTest, FailedBatchRollsBackAndCountsOnlyCommittedRows) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  auto connection = connect();
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(store::apply_schema_steps(*connection, {graph_schema()}).ok());
  // An id over the column's 255 characters fails the statement instead of being cut.
  ASSERT_TRUE(connection->execute_plain("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'").ok());
  const std::string scope = test_scope();
  {
    GraphWriter writer(*connection, 7, 2);
    for (const auto& id : {"a", "b", "c", "d"}) {  // two batches in one open transaction
      ASSERT_TRUE(writer.add_node(GraphNode{"Box", id, scope, {}}).ok());
    }
    ASSERT_TRUE(writer.add_node(GraphNode{"Box", "e", scope, {}}).ok());
    auto failed = writer.add_node(GraphNode{"Box", std::string(300, 'x'), scope, {}});
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(writer.nodes_written(), 0u);
    EXPECT_TRUE(node_ids(*connection, "Box", scope).empty());

    // The writer goes on in a new transaction and counts what it commits.
    ASSERT_TRUE(writer.add_node(GraphNode{"Box", "f", scope, {}}).ok());
    ASSERT_TRUE(writer.add_relationship(GraphRelationship{"HOLDS", "Box", "f", "Box", "f", scope, {}}).ok());
    ASSERT_TRUE(writer.flush().ok());
    EXPECT_EQ(writer.nodes_written(), 1u);
    EXPECT_EQ(writer.relationships_written(), 1u);
  }
  EXPECT_EQ(node_ids(*connection, "Box", scope), (std::vector<std::string>{"f"}));
  EXPECT_EQ(relationship_pairs(*connection, "HOLDS", scope), (std::vector<std::string>{"f->f"}));
}

}  // namespace
}  // namespace opsdeck::sync::testing
