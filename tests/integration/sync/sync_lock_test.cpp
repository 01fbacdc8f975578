// Locks: while one job holds (type, scope) a second job (its own engine and connections, as another opsdeck
// process would have) waits, gives up after --lock-timeout naming the holder, and still runs its other
// resource types in parallel. A cancelled run skips cleanup.
#include <gtest/gtest.h>

#include <thread>

#include "backend/sync/resource_locks.hpp"
#include "tests/integration/sync/sync_test_fixture.hpp"

namespace opsdeck::sync::testing {
namespace {

using Strings = std::vector<std::string>;

SyncOptions tagged(std::uint64_t tag, std::vector<std::string> providers = {}) {
  SyncOptions options;
  options.update_tag = tag;
  options.providers = std::move(providers);
  return options;
}

TEST(SyncLockTest, SecondJobOnTheSameTypeWaitsAndFailsNamingTheHolderWhileAnotherTypeRuns) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  core::Logger logger;
  const std::string scope = test_scope();
  auto holder =
      std::make_shared<ListProvider>("holder", std::vector<ResourceScope>{node_type("Locked", scope)});
  holder->nodes.push_back(GraphNode{"Locked", "first", scope, {}});
  holder->gate = std::make_shared<Gate>();
  SyncEngine first_engine(opsdeck::testing::mariadb_options(), {holder}, nullptr, logger);
  std::optional<core::Result<SyncRunSummary>> first;
  std::thread first_job([&] {
    SyncOptions options;
    options.update_tag = 5000;
    first = run_sync(first_engine, options, logger);
  });
  ASSERT_TRUE(holder->gate->wait_entered());  // the first job holds its lock and is loading

  auto same_type =
      std::make_shared<ListProvider>("same-type", std::vector<ResourceScope>{node_type("Locked", scope)});
  same_type->nodes.push_back(GraphNode{"Locked", "second", scope, {}});
  auto other_type =
      std::make_shared<ListProvider>("other-type", std::vector<ResourceScope>{node_type("Free", scope)});
  other_type->nodes.push_back(GraphNode{"Free", "free", scope, {}});
  SyncEngine second_engine(opsdeck::testing::mariadb_options(), {same_type, other_type}, nullptr, logger);
  SyncOptions options;
  options.update_tag = 5001;
  options.parallel = 2;
  options.lock_timeout = std::chrono::seconds(1);
  auto second = run_sync(second_engine, options, logger);
  holder->gate->open();
  first_job.join();

  ASSERT_TRUE(second.ok()) << second.error().describe();
  ASSERT_EQ(second->reports.size(), 2u);
  const auto& blocked = second->reports[0];
  EXPECT_EQ(blocked.provider, "same-type");
  EXPECT_EQ(blocked.status, ProviderStatus::kFailed);
  EXPECT_NE(blocked.message.find("lock on node Locked @ " + scope + " is held by connection "),
            std::string::npos)
      << blocked.message;
  // The fixture's server runs as the OS user over the unix socket: the holder is named with user@host.
  EXPECT_NE(blocked.message.find("@localhost"), std::string::npos) << blocked.message;
  EXPECT_NE(blocked.message.find("--lock-timeout"), std::string::npos);
  const auto& free = second->reports[1];
  EXPECT_EQ(free.status, ProviderStatus::kOk) << free.message;

  ASSERT_TRUE(first.has_value() && first->ok());
  EXPECT_EQ((*first)->reports[0].status, ProviderStatus::kOk) << (*first)->reports[0].message;
  auto connection = connect();
  ASSERT_NE(connection, nullptr);
  EXPECT_EQ(node_ids(*connection, "Locked", scope), (Strings{"first"}));
  EXPECT_EQ(node_ids(*connection, "Free", scope), (Strings{"free"}));

  // Once released, the same type syncs (and cleans up the first job's node).
  auto after = run_sync(second_engine, tagged(5002, {"same-type"}), logger);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->reports[0].status, ProviderStatus::kOk) << after->reports[0].message;
  EXPECT_EQ(node_ids(*connection, "Locked", scope), (Strings{"second"}));
}

TEST(SyncLockTest, LocksAreReleasedWhenDestroyed) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  const std::vector<ResourceScope> resources{node_type("L", test_scope())};
  {
    auto held =
        ResourceLocks::acquire(opsdeck::testing::mariadb_options(), resources, std::chrono::seconds(0), {});
    ASSERT_TRUE(held.ok()) << held.error().describe();
    EXPECT_EQ((*held)->held(), 1u);
    auto again =
        ResourceLocks::acquire(opsdeck::testing::mariadb_options(), resources, std::chrono::seconds(0), {});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().category, core::ErrorCategory::kTimeout);
  }
  auto later =
      ResourceLocks::acquire(opsdeck::testing::mariadb_options(), resources, std::chrono::seconds(0), {});
  EXPECT_TRUE(later.ok());
  EXPECT_EQ(resource_lock_name(resources[0]).size(), 13u + 40u);
}

TEST(SyncLockTest, CancelledRunSkipsCleanupAndKeepsData) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  core::Logger logger;
  const std::string scope = test_scope();
  auto list = std::make_shared<ListProvider>("cancel", std::vector<ResourceScope>{node_type("C", scope)});
  list->nodes = {GraphNode{"C", "1", scope, {}}, GraphNode{"C", "2", scope, {}}};
  SyncEngine engine(opsdeck::testing::mariadb_options(), {list}, nullptr, logger);
  ASSERT_TRUE(run_sync(engine, tagged(6000), logger).ok());

  list->nodes = {GraphNode{"C", "1", scope, {}}};
  list->gate = std::make_shared<Gate>();
  core::JobRunner runner(1, logger);
  std::optional<core::Result<SyncRunSummary>> result;
  auto handle = runner.submit("sync", [&](core::JobContext& job) -> core::Result<std::string> {
    result = engine.run(tagged(6001), job);
    return std::string("done");
  });
  ASSERT_TRUE(list->gate->wait_entered());
  handle.cancel();
  list->gate->open();
  handle.wait();
  ASSERT_TRUE(result.has_value() && result->ok());
  EXPECT_EQ((*result)->reports[0].status, ProviderStatus::kCancelled);
  EXPECT_FALSE((*result)->reports[0].cleanup_ran);
  auto connection = connect();
  EXPECT_EQ(node_ids(*connection, "C", scope), (Strings{"1", "2"}));
}

}  // namespace
}  // namespace opsdeck::sync::testing
