// MariadbPool against a real mariadbd: reuse, exhaustion with a timeout, waiting for a returned connection,
// open transactions rolled back on return, and broken connections dropped rather than handed out.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "backend/store/mariadb_pool.hpp"
#include "tests/support/test_servers.hpp"
#include "tests/support/value_of.hpp"

namespace opsdeck::store {
namespace {

using opsdeck::testing::value_of;

using std::chrono::milliseconds;

std::uint64_t connection_id(MariadbConnection& connection) {
  auto selected = connection.execute("SELECT CONNECTION_ID()");
  EXPECT_TRUE(selected.ok()) << selected.error().describe();
  return selected.ok() ? selected->rows.at(0).get<std::uint64_t>(0).value_or(0) : 0;
}

class MariadbPoolTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(opsdeck::testing::servers_ready()); }
};

TEST_F(MariadbPoolTest, ReusesReturnedConnections) {
  MariadbPool pool(opsdeck::testing::mariadb_options(), 2);
  EXPECT_EQ(pool.size(), 0u) << "connections open lazily";
  std::uint64_t first_id = 0;
  {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease.ok()) << lease.error().describe();
    first_id = connection_id(**lease);
    EXPECT_EQ(pool.size(), 1u);
    EXPECT_EQ(pool.idle_count(), 0u);
  }
  EXPECT_EQ(pool.idle_count(), 1u);
  auto again = pool.acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(connection_id(**again), first_id);
  EXPECT_EQ(pool.size(), 1u);
}

TEST_F(MariadbPoolTest, TimesOutWhenEveryConnectionIsLeased) {
  MariadbPool pool(opsdeck::testing::mariadb_options(), 2);
  auto first = pool.acquire();
  auto second = pool.acquire();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(pool.size(), 2u);
  const auto started = std::chrono::steady_clock::now();
  auto third = pool.acquire(milliseconds(200));
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().category, core::ErrorCategory::kTimeout);
  EXPECT_GE(waited, milliseconds(200));
  EXPECT_LT(waited, milliseconds(5000));
  EXPECT_NE(third.error().message.find("all 2 connections stayed in use for 200 ms"), std::string::npos)
      << third.error().message;
  EXPECT_NE(third.error().message.find(opsdeck::testing::mariadb_options().describe()), std::string::npos);
}

TEST_F(MariadbPoolTest, WaiterGetsTheConnectionAnotherThreadReturns) {
  MariadbPool pool(opsdeck::testing::mariadb_options(), 1);
  auto held = pool.acquire();
  ASSERT_TRUE(held.ok());
  const std::uint64_t held_id = connection_id(**held);
  std::thread releaser([lease = std::move(held).value()]() mutable {
    std::this_thread::sleep_for(milliseconds(150));
    // Destroying the lease returns the connection.
    auto returned = std::move(lease);
  });
  auto waited = pool.acquire(milliseconds(5000));
  releaser.join();
  ASSERT_TRUE(waited.ok()) << waited.error().describe();
  EXPECT_EQ(connection_id(**waited), held_id);
}

TEST_F(MariadbPoolTest, OpenTransactionIsRolledBackOnReturn) {
  MariadbPool pool(opsdeck::testing::mariadb_options(), 1);
  {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)->execute_plain("DROP TABLE IF EXISTS store_pool_rows").ok());
    ASSERT_TRUE((*lease)->execute_plain("CREATE TABLE store_pool_rows (v INT) ENGINE=InnoDB").ok());
    ASSERT_TRUE((*lease)->begin().ok());
    ASSERT_TRUE((*lease)->execute("INSERT INTO store_pool_rows VALUES (1)").ok());
  }
  auto lease = pool.acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_FALSE((*lease)->in_transaction());
  auto counted = (*lease)->execute("SELECT COUNT(*) FROM store_pool_rows");
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(value_of(counted->rows.at(0).get<std::int64_t>(0)), 0);
  EXPECT_TRUE((*lease)->execute_plain("DROP TABLE store_pool_rows").ok());
}

TEST_F(MariadbPoolTest, ManyThreadsShareAFewConnections) {
  MariadbPool pool(opsdeck::testing::mariadb_options(), 3);
  std::atomic<int> successes{0};
  std::vector<std::thread> workers;
  for (int worker = 0; worker < 8; ++worker) {
    workers.emplace_back([&pool, &successes] {
      for (int round = 0; round < 20; ++round) {
        auto lease = pool.acquire(milliseconds(10000));
        if (lease.ok() && (*lease)->execute("SELECT ?", {Value{std::int64_t{round}}}).ok()) {
          ++successes;
        }
      }
    });
  }
  for (auto& worker : workers) {
    worker.join();
  }
  EXPECT_EQ(successes.load(), 160);
  EXPECT_LE(pool.size(), 3u);
  EXPECT_EQ(pool.idle_count(), pool.size());
}

TEST_F(MariadbPoolTest, BrokenConnectionsAreDroppedNotReused) {
  MariadbPool pool(opsdeck::testing::mariadb_options(), 2);
  {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease.ok());
  }
  ASSERT_EQ(pool.idle_count(), 1u);

  ASSERT_TRUE(opsdeck::testing::stop_mariadb());
  auto while_down = pool.acquire(milliseconds(500));
  ASSERT_FALSE(while_down.ok());
  EXPECT_EQ(while_down.error().category, core::ErrorCategory::kUnavailable);
  EXPECT_EQ(pool.idle_count(), 0u) << "the idle connection failed its ping and was dropped";
  EXPECT_EQ(pool.size(), 0u);

  ASSERT_TRUE(opsdeck::testing::start_mariadb());
  auto after = pool.acquire();
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_TRUE((*after)->execute("SELECT 1").ok());
}

TEST_F(MariadbPoolTest, IdleConnectionSurvivesARestart) {
  MariadbPool pool(opsdeck::testing::mariadb_options(), 1);
  {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease.ok());
  }
  ASSERT_TRUE(opsdeck::testing::restart_mariadb());
  auto lease = pool.acquire();
  ASSERT_TRUE(lease.ok()) << lease.error().describe();
  EXPECT_TRUE((*lease)->execute("SELECT 1").ok());
}

}  // namespace
}  // namespace opsdeck::store
