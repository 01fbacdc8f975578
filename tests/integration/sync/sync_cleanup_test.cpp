// The sync engine against the fixture's mariadbd: update tags, stale rows deleted exactly, cleanup kept to
// its scope, nothing deleted after a failed or cancelled load, the safety share, batches, undeclared writes.
#include <gtest/gtest.h>

#include "tests/integration/sync/sync_test_fixture.hpp"

namespace opsdeck::sync::testing {
namespace {

using Strings = std::vector<std::string>;

class SyncCleanupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    scope_ = test_scope();
    connection_ = connect();
    ASSERT_NE(connection_, nullptr);
  }

  std::shared_ptr<ListProvider> provider(const std::string& name = "list", const std::string& scope = "") {
    const std::string s = scope.empty() ? scope_ : scope;
    return std::make_shared<ListProvider>(
        name, std::vector<ResourceScope>{node_type("Box", s), relationship_type("HOLDS", s)});
  }
  static void set_items(ListProvider& provider, const Strings& nodes,
                        const std::vector<std::pair<std::string, std::string>>& links) {
    const std::string scope = provider.resources()[0].scope;
    provider.nodes.clear();
    provider.relationships.clear();
    for (const auto& id : nodes) {
      provider.nodes.push_back(GraphNode{"Box", id, scope, {{"name", id}}});
    }
    for (const auto& [from, to] : links) {
      provider.relationships.push_back(GraphRelationship{"HOLDS", "Box", from, "Box", to, scope, {}});
    }
  }
  SyncRunSummary sync(SyncEngine& engine, SyncOptions options) {
    auto summary = run_sync(engine, options, logger_);
    EXPECT_TRUE(summary.ok()) << summary.error().describe();
    return summary.ok() ? *summary : SyncRunSummary{};
  }

  core::Logger logger_;
  std::string scope_;
  std::unique_ptr<store::MariadbConnection> connection_;
};

TEST_F(SyncCleanupTest, SecondSyncDeletesExactlyTheStaleNodesAndRelationships) {
  auto list = provider();
  SyncEngine engine(opsdeck::testing::mariadb_options(), {list}, nullptr, logger_);
  set_items(*list, {"a", "b", "c"}, {{"a", "b"}, {"b", "c"}});
  SyncOptions options;
  options.update_tag = 1000;
  auto first = sync(engine, options);
  ASSERT_EQ(first.reports.size(), 1u);
  EXPECT_EQ(first.reports[0].status, ProviderStatus::kOk) << first.reports[0].message;
  EXPECT_EQ(first.reports[0].nodes_written, 3u);
  EXPECT_EQ(first.reports[0].relationships_written, 2u);

  set_items(*list, {"a", "b", "d"}, {{"a", "b"}, {"a", "d"}});
  options.update_tag = 1001;
  auto second = sync(engine, options);
  ASSERT_EQ(second.reports.size(), 1u);
  const auto& report = second.reports[0];
  EXPECT_EQ(report.status, ProviderStatus::kOk) << report.message;
  EXPECT_TRUE(report.cleanup_ran);
  EXPECT_EQ(report.update_tag, 1001u);
  EXPECT_EQ(report.nodes_deleted, 1u);
  EXPECT_EQ(report.relationships_deleted, 1u);
  EXPECT_EQ(node_ids(*connection_, "Box", scope_), (Strings{"a", "b", "d"}));
  EXPECT_EQ(relationship_pairs(*connection_, "HOLDS", scope_), (Strings{"a->b", "a->d"}));

  // firstseen stays from the run that created the row; lastupdated is the new tag.
  auto a = engine.node("Box", "a");
  ASSERT_TRUE(a.ok()) << a.error().describe();
  EXPECT_EQ(a->firstseen, 1000u);
  EXPECT_EQ(a->lastupdated, 1001u);
  ASSERT_EQ(a->outgoing.size(), 2u);
  EXPECT_EQ(a->outgoing[0].other_id, "b");
  auto d = engine.node("Box", "d");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->firstseen, 1001u);
  ASSERT_EQ(d->incoming.size(), 1u);
  EXPECT_EQ(d->incoming[0].other_id, "a");
  EXPECT_EQ(engine.node("Box", "c").error().category, core::ErrorCategory::kNotFound);
}

TEST_F(SyncCleanupTest, DefaultUpdateTagIsTheStartTime) {
  auto list = provider();
  set_items(*list, {"x"}, {});
  SyncEngine engine(opsdeck::testing::mariadb_options(), {list}, nullptr, logger_);
  const auto before = static_cast<std::uint64_t>(std::time(nullptr));
  auto summary = sync(engine, {});
  const auto after = static_cast<std::uint64_t>(std::time(nullptr));
  EXPECT_GE(summary.update_tag, before);
  EXPECT_LE(summary.update_tag, after);
  auto x = engine.node("Box", "x");
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->lastupdated, summary.update_tag);
}

TEST_F(SyncCleanupTest, CleanupLeavesOtherScopesAlone) {
  auto here = provider("here", scope_ + "/a");
  auto there = provider("there", scope_ + "/b");
  SyncEngine engine(opsdeck::testing::mariadb_options(), {here, there}, nullptr, logger_);
  set_items(*here, {"a1", "a2", "a3"}, {{"a1", "a2"}});
  set_items(*there, {"b1", "b2"}, {{"b1", "b2"}});
  SyncOptions options;
  options.update_tag = 2000;
  sync(engine, options);

  // Only `here` runs again, with one node gone: `there` keeps everything although its tag is old.
  set_items(*here, {"a1", "a2"}, {});
  options.update_tag = 2001;
  options.providers = {"here"};
  auto second = sync(engine, options);
  ASSERT_EQ(second.reports.size(), 1u);
  EXPECT_EQ(second.reports[0].status, ProviderStatus::kOk) << second.reports[0].message;
  EXPECT_EQ(node_ids(*connection_, "Box", scope_ + "/a"), (Strings{"a1", "a2"}));
  EXPECT_EQ(relationship_pairs(*connection_, "HOLDS", scope_ + "/a"), Strings{});
  EXPECT_EQ(node_ids(*connection_, "Box", scope_ + "/b"), (Strings{"b1", "b2"}));
  EXPECT_EQ(relationship_pairs(*connection_, "HOLDS", scope_ + "/b"), (Strings{"b1->b2"}));
}

TEST_F(SyncCleanupTest, FailingProviderLeavesPreviousDataAndSkipsCleanup) {
  auto list = provider();
  SyncEngine engine(opsdeck::testing::mariadb_options(), {list}, nullptr, logger_);
  set_items(*list, {"a", "b", "c"}, {{"a", "b"}});
  SyncOptions options;
  options.update_tag = 3000;
  sync(engine, options);

  set_items(*list, {"a", "z"}, {});
  list->fail_after = 1;  // writes "a", then the source fails
  options.update_tag = 3001;
  auto second = sync(engine, options);
  ASSERT_EQ(second.reports.size(), 1u);
  const auto& report = second.reports[0];
  EXPECT_EQ(report.status, ProviderStatus::kFailed);
  EXPECT_FALSE(report.cleanup_ran);
  EXPECT_NE(report.message.find("source went away after 1"), std::string::npos) << report.message;
  EXPECT_NE(report.message.find("cleanup skipped"), std::string::npos) << report.message;
  EXPECT_EQ(report.nodes_deleted + report.relationships_deleted, 0u);
  EXPECT_EQ(node_ids(*connection_, "Box", scope_), (Strings{"a", "b", "c"}));
  EXPECT_EQ(relationship_pairs(*connection_, "HOLDS", scope_), (Strings{"a->b"}));
}

TEST_F(SyncCleanupTest, SafetyShareRefusesAndForceProceeds) {
  auto list = provider();
  SyncEngine engine(opsdeck::testing::mariadb_options(), {list}, nullptr, logger_);
  Strings ten;
  for (int i = 0; i < 10; ++i) {
    ten.push_back("n" + std::to_string(i));
  }
  set_items(*list, ten, {});
  SyncOptions options;
  options.update_tag = 4000;
  sync(engine, options);

  set_items(*list, {"n0", "n1"}, {});
  options.update_tag = 4001;
  auto refused = sync(engine, options);
  ASSERT_EQ(refused.reports.size(), 1u);
  EXPECT_EQ(refused.reports[0].status, ProviderStatus::kRefused);
  EXPECT_FALSE(refused.reports[0].cleanup_ran);
  EXPECT_NE(refused.reports[0].message.find("would delete 8 of 10 nodes"), std::string::npos)
      << refused.reports[0].message;
  EXPECT_NE(refused.reports[0].message.find("--force"), std::string::npos);
  EXPECT_EQ(node_ids(*connection_, "Box", scope_).size(), 10u);

  options.update_tag = 4002;
  options.force = true;
  options.cleanup_batch = 3;  // 8 stale rows: batches of 3, 3, 2
  auto forced = sync(engine, options);
  ASSERT_EQ(forced.reports.size(), 1u);
  EXPECT_EQ(forced.reports[0].status, ProviderStatus::kOk) << forced.reports[0].message;
  EXPECT_EQ(forced.reports[0].nodes_deleted, 8u);
  EXPECT_EQ(node_ids(*connection_, "Box", scope_), (Strings{"n0", "n1"}));
}

TEST_F(SyncCleanupTest, SinkRefusesWritesOutsideDeclaredResources) {
  auto list = provider();
  list->nodes.push_back(GraphNode{"Box", "ok", scope_, {}});
  list->nodes.push_back(GraphNode{"Box", "elsewhere", scope_ + "/other", {}});
  SyncEngine engine(opsdeck::testing::mariadb_options(), {list}, nullptr, logger_);
  auto summary = sync(engine, {});
  ASSERT_EQ(summary.reports.size(), 1u);
  EXPECT_EQ(summary.reports[0].status, ProviderStatus::kFailed);
  EXPECT_NE(summary.reports[0].message.find("did not declare"), std::string::npos)
      << summary.reports[0].message;
  EXPECT_TRUE(node_ids(*connection_, "Box", scope_ + "/other").empty());
}

TEST_F(SyncCleanupTest, UnknownProviderAndBadOptionsFailBeforeAnythingRuns) {
  auto list = provider();
  SyncEngine engine(opsdeck::testing::mariadb_options(), {list}, nullptr, logger_);
  SyncOptions options;
  options.providers = {"nope"};
  auto unknown = run_sync(engine, options, logger_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("--provider nope"), std::string::npos);
  options.providers = {};
  options.parallel = 0;
  EXPECT_FALSE(run_sync(engine, options, logger_).ok());
}

TEST_F(SyncCleanupTest, HistoryAndLabelsReflectTheRuns) {
  auto list = provider("history-" + scope_);
  set_items(*list, {"h1", "h2"}, {{"h1", "h2"}});
  SyncEngine engine(opsdeck::testing::mariadb_options(), {list}, nullptr, logger_);
  SyncOptions options;
  options.update_tag = 900000 + static_cast<std::uint64_t>(std::time(nullptr) % 1000);
  sync(engine, options);
  auto history = engine.history(50);
  ASSERT_TRUE(history.ok()) << history.error().describe();
  bool found = false;
  for (const auto& run : *history) {
    for (const auto& report : run.reports) {
      if (report.provider == list->name() && run.update_tag == *options.update_tag) {
        found = true;
        EXPECT_EQ(report.nodes_written, 2u);
        EXPECT_EQ(report.status, ProviderStatus::kOk);
      }
    }
  }
  EXPECT_TRUE(found);
  auto labels = engine.labels();
  ASSERT_TRUE(labels.ok());
  auto box =
      std::find_if(labels->begin(), labels->end(), [](const LabelCount& c) { return c.label == "Box"; });
  ASSERT_NE(box, labels->end());
  EXPECT_GE(box->count, 2u);
  // The snapshot the console reads carries the last run too.
  auto snapshot = engine.snapshots().latest();
  ASSERT_EQ(snapshot->providers.size(), 1u);
  ASSERT_TRUE(snapshot->providers[0].last_run.has_value());
  EXPECT_EQ(snapshot->providers[0].last_run->update_tag, *options.update_tag);
}

}  // namespace
}  // namespace opsdeck::sync::testing
