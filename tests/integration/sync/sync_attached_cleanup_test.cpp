// Deleting a stale node deletes the relationships to and from it that other providers wrote in other scopes
// (a host process SERVES a MariaDB server node): none is left dangling, relationships between surviving nodes
// are untouched, the work goes in batches, the safety message names them, and a failed load deletes nothing.
// Node ids are global per label, so every id here carries the test's name (`id("s1")`); assertions strip it.
#include <gtest/gtest.h>

#include "tests/integration/sync/sync_test_fixture.hpp"

namespace opsdeck::sync::testing {
namespace {

using Strings = std::vector<std::string>;

class SyncAttachedCleanupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    db_scope_ = test_scope("/db");
    host_scope_ = test_scope("/host");
    prefix_ = test_scope("#");
    connection_ = connect();
    ASSERT_NE(connection_, nullptr);
    db_ = std::make_shared<ListProvider>(
        "db-" + db_scope_, std::vector<ResourceScope>{node_type("Server", db_scope_),
                                                      relationship_type("REPLICATES", db_scope_)});
    host_ = std::make_shared<ListProvider>(
        "host-" + host_scope_, std::vector<ResourceScope>{node_type("Process", host_scope_),
                                                          relationship_type("SERVES", host_scope_),
                                                          relationship_type("RUNS_ON", host_scope_),
                                                          relationship_type("USES", host_scope_)});
    engine_ =
        std::make_unique<SyncEngine>(opsdeck::testing::mariadb_options(),
                                     std::vector<std::shared_ptr<Provider>>{db_, host_}, nullptr, logger_);
  }

  void set_servers(const Strings& names, const std::vector<std::pair<std::string, std::string>>& replicas) {
    db_->nodes.clear();
    db_->relationships.clear();
    for (const auto& name : names) {
      db_->nodes.push_back(GraphNode{"Server", id(name), db_scope_, {{"name", name}}});
    }
    for (const auto& [from, to] : replicas) {
      db_->relationships.push_back(
          GraphRelationship{"REPLICATES", "Server", id(from), "Server", id(to), db_scope_, {}});
    }
  }
  void add_host_link(const std::string& type, const std::string& from_label, const std::string& from_id,
                     const std::string& to_label, const std::string& to_id) {
    host_->relationships.push_back(
        GraphRelationship{type, from_label, id(from_id), to_label, id(to_id), host_scope_, {}});
  }
  SyncReport sync_one(const std::string& provider, std::uint64_t tag,
                      std::size_t batch = kDefaultCleanupBatch) {
    SyncOptions options;
    options.providers = {provider};
    options.update_tag = tag;
    options.cleanup_batch = batch;
    auto summary = run_sync(*engine_, options, logger_);
    EXPECT_TRUE(summary.ok()) << summary.error().describe();
    if (!summary.ok() || summary->reports.size() != 1) {
      ADD_FAILURE() << "expected one report";
      return {};
    }
    return summary->reports[0];
  }
  std::string id(const std::string& short_id) const { return prefix_ + short_id; }
  std::string strip(std::string text) const {
    for (auto at = text.find(prefix_); at != std::string::npos; at = text.find(prefix_)) {
      text.erase(at, prefix_.size());
    }
    return text;
  }
  Strings ids(const std::string& label, const std::string& scope) {
    Strings out;
    for (const auto& found : node_ids(*connection_, label, scope)) {
      out.push_back(strip(found));
    }
    return out;
  }
  Strings pairs(const std::string& type, const std::string& scope) {
    Strings out;
    for (const auto& found : relationship_pairs(*connection_, type, scope)) {
      out.push_back(strip(found));
    }
    return out;
  }
  std::uint64_t lastupdated(const std::string& type, const std::string& from_id, const std::string& to_id) {
    auto result = connection_->execute(
        "SELECT lastupdated FROM sync_relationships WHERE type = ? AND from_id = ? AND to_id = ? AND scope = "
        "?",
        {type, id(from_id), id(to_id), host_scope_});
    EXPECT_TRUE(result.ok()) << result.error().describe();
    return result.ok() && result->rows.size() == 1 ? *result->rows[0].get<std::uint64_t>(0) : 0;
  }

  core::Logger logger_;
  std::string db_scope_;
  std::string host_scope_;
  std::string prefix_;
  std::unique_ptr<store::MariadbConnection> connection_;
  std::shared_ptr<ListProvider> db_;
  std::shared_ptr<ListProvider> host_;
  std::unique_ptr<SyncEngine> engine_;
};

TEST_F(SyncAttachedCleanupTest, StaleNodeTakesOtherProvidersRelationshipsWithIt) {
  set_servers({"s1", "s2", "s3"}, {{"s1", "s2"}, {"s2", "s3"}});
  host_->nodes.push_back(GraphNode{"Process", id("p1"), host_scope_, {}});
  add_host_link("SERVES", "Process", "p1", "Server", "s1");   // to the node that goes stale
  add_host_link("SERVES", "Process", "p1", "Server", "s2");   // between nodes that survive
  add_host_link("RUNS_ON", "Server", "s1", "Process", "p1");  // from the node that goes stale
  add_host_link("USES", "Process", "p1", "Disk", "s1");       // same id, another label: not attached
  ASSERT_EQ(sync_one(db_->name().data(), 100).status, ProviderStatus::kOk);
  ASSERT_EQ(sync_one(host_->name().data(), 100).status, ProviderStatus::kOk);

  set_servers({"s2", "s3"}, {{"s2", "s3"}});
  const auto report = sync_one(db_->name().data(), 101);
  EXPECT_EQ(report.status, ProviderStatus::kOk) << report.message;
  EXPECT_EQ(report.nodes_deleted, 1u);
  // REPLICATES s1->s2 went stale in its own right; SERVES p1->s1 and RUNS_ON s1->p1 went with s1.
  EXPECT_EQ(report.relationships_deleted, 3u);
  auto server = std::find_if(report.cleanups.begin(), report.cleanups.end(),
                             [](const CleanupResult& c) { return c.resource.name == "Server"; });
  ASSERT_NE(server, report.cleanups.end());
  EXPECT_EQ(server->deleted, 1u);
  EXPECT_EQ(server->attached_deleted, 2u);

  EXPECT_EQ(ids("Server", db_scope_), (Strings{"s2", "s3"}));
  EXPECT_EQ(pairs("REPLICATES", db_scope_), (Strings{"s2->s3"}));
  EXPECT_EQ(pairs("SERVES", host_scope_), (Strings{"p1->s2"}));
  EXPECT_TRUE(pairs("RUNS_ON", host_scope_).empty());
  EXPECT_EQ(pairs("USES", host_scope_), (Strings{"p1->s1"}));
  // The other provider's surviving rows were not rewritten: still from its own run.
  EXPECT_EQ(lastupdated("SERVES", "p1", "s2"), 100u);
  EXPECT_EQ(ids("Process", host_scope_), (Strings{"p1"}));

  // Nothing anywhere points at a Server that no longer exists.
  auto dangling = connection_->execute(
      "SELECT COUNT(*) FROM sync_relationships r LEFT JOIN sync_nodes n ON n.label = r.to_label AND n.id = "
      "r.to_id WHERE r.to_label = 'Server' AND r.scope IN (?, ?) AND n.id IS NULL",
      {db_scope_, host_scope_});
  ASSERT_TRUE(dangling.ok()) << dangling.error().describe();
  EXPECT_EQ(*dangling->rows[0].get<std::uint64_t>(0), 0u);
}

TEST_F(SyncAttachedCleanupTest, AttachedRelationshipsAreDeletedInBatches) {
  Strings servers;
  for (int i = 0; i < 10; ++i) {
    servers.push_back("s" + std::to_string(i));
  }
  set_servers(servers, {});
  for (int p = 0; p < 3; ++p) {
    host_->nodes.push_back(GraphNode{"Process", id("p" + std::to_string(p)), host_scope_, {}});
    for (const auto& server : servers) {
      add_host_link("SERVES", "Process", "p" + std::to_string(p), "Server", server);
    }
  }
  ASSERT_EQ(sync_one(db_->name().data(), 200).status, ProviderStatus::kOk);
  ASSERT_EQ(sync_one(host_->name().data(), 200).status, ProviderStatus::kOk);

  // Four of ten servers go: 12 SERVES rows with them, deleted two rows per statement.
  set_servers(Strings(servers.begin() + 4, servers.end()), {});
  const auto report = sync_one(db_->name().data(), 201, 2);
  EXPECT_EQ(report.status, ProviderStatus::kOk) << report.message;
  EXPECT_EQ(report.nodes_deleted, 4u);
  EXPECT_EQ(report.relationships_deleted, 12u);
  const auto serves = pairs("SERVES", host_scope_);
  EXPECT_EQ(serves.size(), 18u);
  for (const auto& pair : serves) {
    for (const auto& gone : {"s0", "s1", "s2", "s3"}) {
      EXPECT_NE(pair.substr(pair.find("->") + 2), gone) << pair;
    }
  }
}

// Batches in which some stale nodes have other providers' links and others have none: each batch probes its
// own nodes, deletes the links of those that have some (from, to, or both), and then all of its nodes.
TEST_F(SyncAttachedCleanupTest, BatchesMixingNodesWithAndWithoutAttachedRelationships) {
  Strings servers;
  for (int i = 0; i < 12; ++i) {
    servers.push_back("s" + std::to_string(i));
  }
  set_servers(servers, {});
  host_->nodes.push_back(GraphNode{"Process", id("p1"), host_scope_, {}});
  add_host_link("SERVES", "Process", "p1", "Server", "s1");   // to a stale node
  add_host_link("RUNS_ON", "Server", "s4", "Process", "p1");  // from a stale node
  add_host_link("SERVES", "Process", "p1", "Server", "s6");   // both ways on one stale node
  add_host_link("RUNS_ON", "Server", "s6", "Process", "p1");
  add_host_link("SERVES", "Process", "p1", "Server", "s10");  // to a node that survives
  ASSERT_EQ(sync_one(db_->name().data(), 400).status, ProviderStatus::kOk);
  ASSERT_EQ(sync_one(host_->name().data(), 400).status, ProviderStatus::kOk);

  // s0..s6 go (7 nodes, over 50%: forced), in batches of 3: links on s1, s4 and s6, none on the rest.
  set_servers(Strings(servers.begin() + 7, servers.end()), {});
  SyncOptions options;
  options.providers = {db_->name().data()};
  options.update_tag = 401;
  options.cleanup_batch = 3;
  options.force = true;
  auto summary = run_sync(*engine_, options, logger_);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  ASSERT_EQ(summary->reports.size(), 1u);
  const auto& report = summary->reports[0];
  EXPECT_EQ(report.status, ProviderStatus::kOk) << report.message;
  EXPECT_EQ(report.nodes_deleted, 7u);
  EXPECT_EQ(report.relationships_deleted, 4u);
  EXPECT_EQ(ids("Server", db_scope_), (Strings{"s10", "s11", "s7", "s8", "s9"}));
  EXPECT_EQ(pairs("SERVES", host_scope_), (Strings{"p1->s10"}));
  EXPECT_TRUE(pairs("RUNS_ON", host_scope_).empty());
  EXPECT_EQ(ids("Process", host_scope_), (Strings{"p1"}));
}

TEST_F(SyncAttachedCleanupTest, SafetyMessageCountsAttachedRelationshipsAndNothingIsDeleted) {
  set_servers({"s1", "s2", "s3"}, {});
  host_->nodes.push_back(GraphNode{"Process", id("p1"), host_scope_, {}});
  add_host_link("SERVES", "Process", "p1", "Server", "s1");
  add_host_link("SERVES", "Process", "p1", "Server", "s2");
  add_host_link("RUNS_ON", "Server", "s1", "Process", "p1");
  ASSERT_EQ(sync_one(db_->name().data(), 300).status, ProviderStatus::kOk);
  ASSERT_EQ(sync_one(host_->name().data(), 300).status, ProviderStatus::kOk);

  set_servers({"s3"}, {});
  const auto report = sync_one(db_->name().data(), 301);
  EXPECT_EQ(report.status, ProviderStatus::kRefused);
  EXPECT_NE(report.message.find("would delete 2 of 3 nodes (over 50%) and 3 relationships to or from them"),
            std::string::npos)
      << report.message;
  EXPECT_EQ(report.relationships_deleted, 0u);
  EXPECT_EQ(ids("Server", db_scope_), (Strings{"s1", "s2", "s3"}));
  EXPECT_EQ(pairs("SERVES", host_scope_), (Strings{"p1->s1", "p1->s2"}));
  EXPECT_EQ(pairs("RUNS_ON", host_scope_), (Strings{"s1->p1"}));
}

TEST_F(SyncAttachedCleanupTest, FailedProviderDeletesNoNodesAndNoAttachedRelationships) {
  set_servers({"s1", "s2", "s3"}, {});
  host_->nodes.push_back(GraphNode{"Process", id("p1"), host_scope_, {}});
  add_host_link("SERVES", "Process", "p1", "Server", "s1");
  add_host_link("RUNS_ON", "Server", "s1", "Process", "p1");
  ASSERT_EQ(sync_one(db_->name().data(), 400).status, ProviderStatus::kOk);
  ASSERT_EQ(sync_one(host_->name().data(), 400).status, ProviderStatus::kOk);

  set_servers({"s2", "s3"}, {});
  db_->fail_after = 1;
  const auto report = sync_one(db_->name().data(), 401);
  EXPECT_EQ(report.status, ProviderStatus::kFailed);
  EXPECT_FALSE(report.cleanup_ran);
  EXPECT_EQ(report.nodes_deleted, 0u);
  EXPECT_EQ(report.relationships_deleted, 0u);
  EXPECT_EQ(ids("Server", db_scope_), (Strings{"s1", "s2", "s3"}));
  EXPECT_EQ(pairs("SERVES", host_scope_), (Strings{"p1->s1"}));
  EXPECT_EQ(pairs("RUNS_ON", host_scope_), (Strings{"s1->p1"}));
}

}  // namespace
}  // namespace opsdeck::sync::testing
