// ServerProbe against the real private servers: after a known load (N statements, N Redis commands) the
// polled counts match what was sent — counts, not timings — and the rates are non-zero; a statement
// running on another connection shows in the process list, the poller's own connection does not.
#include "backend/metrics/server_probe.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "backend/store/mariadb_connection.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck::metrics {
namespace {

constexpr int kLoad = 200;
// Anything else that talks to the private servers between two polls (nothing in this binary should).
constexpr std::int64_t kTolerance = 2;

PolledServer mariadb_server() {
  PolledServer server{"mariadb", ServerKind::kMariadb, opsdeck::testing::mariadb_options(), {}, true, {}};
  server.mariadb.database.clear();
  return server;
}

PolledServer redis_server() {
  return PolledServer{"redis", ServerKind::kRedis, {}, opsdeck::testing::redis_options(), true, {}};
}

class ServerProbeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(opsdeck::testing::servers_ready()); }
};

TEST_F(ServerProbeTest, MariadbQueriesMatchTheStatementsSent) {
  auto client = store::MariadbConnection::connect(opsdeck::testing::mariadb_options());
  ASSERT_TRUE(client.ok()) << client.error().describe();
  ServerProbe probe(mariadb_server());
  probe.poll(std::chrono::milliseconds(1000));
  ASSERT_TRUE(probe.state().up) << probe.state().error;
  ASSERT_TRUE(probe.state().mariadb.has_value());
  EXPECT_FALSE(probe.state().mariadb->rates_valid);  // one sample, no rate yet

  // An idle interval: the poller's own statements are not counted.
  probe.poll(std::chrono::milliseconds(1000));
  ASSERT_TRUE(probe.state().mariadb->rates_valid);
  EXPECT_LE(probe.state().mariadb->queries_in_interval, kTolerance);

  for (int i = 0; i < kLoad; ++i) {
    ASSERT_TRUE((*client)->execute_plain("SELECT 1").ok());
  }
  probe.poll(std::chrono::milliseconds(1000));
  const auto& state = probe.state();
  ASSERT_TRUE(state.up) << state.error;
  ASSERT_TRUE(state.mariadb->rates_valid);
  EXPECT_GE(state.mariadb->queries_in_interval, kLoad);
  EXPECT_LE(state.mariadb->queries_in_interval, kLoad + kTolerance);
  EXPECT_GT(state.mariadb->queries_per_second, 0);
  EXPECT_GT(state.mariadb->bytes_received_per_second, 0);
  EXPECT_GE(state.mariadb->threads_connected, 2);  // the client and the poller
  EXPECT_EQ(state.replication.role, "primary");
  EXPECT_FALSE(state.version.empty());
  // Three polls: one history point per series each.
  auto queries = std::find_if(state.series.begin(), state.series.end(),
                              [](const MetricSeries& series) { return series.label == "queries/s"; });
  ASSERT_NE(queries, state.series.end());
  EXPECT_EQ(queries->history.size(), 3u);
  EXPECT_GT(queries->history.latest(), 0);
}

TEST_F(ServerProbeTest, RedisOpsAndHitRatioMatchTheCommandsSent) {
  auto client = store::RedisClient::connect(opsdeck::testing::redis_options());
  ASSERT_TRUE(client.ok()) << client.error().describe();
  ASSERT_TRUE((*client)->command({"SET", "probe:present", "1"}).ok());
  ServerProbe probe(redis_server());
  probe.poll(std::chrono::milliseconds(1000));
  ASSERT_TRUE(probe.state().up) << probe.state().error;

  // Half the GETs hit, half miss: the interval's hit ratio is exactly one half.
  for (int i = 0; i < kLoad; ++i) {
    ASSERT_TRUE((*client)->command({"GET", i % 2 == 0 ? "probe:present" : "probe:absent"}).ok());
  }
  probe.poll(std::chrono::milliseconds(1000));
  const auto& state = probe.state();
  ASSERT_TRUE(state.up) << state.error;
  ASSERT_TRUE(state.redis.has_value());
  ASSERT_TRUE(state.redis->rates_valid);
  EXPECT_GE(state.redis->commands_in_interval, kLoad);
  EXPECT_LE(state.redis->commands_in_interval, kLoad + kTolerance);
  EXPECT_GT(state.redis->operations_per_second, 0);
  ASSERT_TRUE(state.redis->keyspace_hit_ratio.has_value());
  EXPECT_DOUBLE_EQ(*state.redis->keyspace_hit_ratio, 0.5);
  EXPECT_GT(state.redis->used_memory_bytes, 0);
  EXPECT_GE(state.redis->connected_clients, 2);
  auto db0 = std::find_if(state.redis->keyspaces.begin(), state.redis->keyspaces.end(),
                          [](const RedisStatus::Keyspace& keyspace) { return keyspace.db == 0; });
  ASSERT_NE(db0, state.redis->keyspaces.end());
  EXPECT_GE(db0->keys, 1);
  EXPECT_EQ(state.replication.role, "primary");
}

TEST_F(ServerProbeTest, ALongStatementShowsInTheProcessList) {
  auto sleeper = store::MariadbConnection::connect(opsdeck::testing::mariadb_options());
  ASSERT_TRUE(sleeper.ok()) << sleeper.error().describe();
  std::jthread sleeping([&] { EXPECT_TRUE((*sleeper)->execute_plain("SELECT SLEEP(3)").ok()); });
  ServerProbe probe(mariadb_server());
  const ProcessEntry* found = nullptr;
  // Bounded by count; SLEEP(3) outlives a few polls by far.
  for (int attempt = 0; attempt < 50 && found == nullptr; ++attempt) {
    probe.poll(std::chrono::milliseconds(1000));
    ASSERT_TRUE(probe.state().up) << probe.state().error;
    for (const auto& process : probe.state().processes) {
      if (process.info == "SELECT SLEEP(3)") {
        found = &process;
      }
    }
    if (found == nullptr) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ASSERT_NE(found, nullptr) << "SELECT SLEEP(3) never showed in the process list";
  EXPECT_EQ(found->command, "Query");
  EXPECT_GT(found->id, 0);
  // Longest-running first among the working connections, and never the poller's own query.
  EXPECT_EQ(probe.state().processes.front().info, "SELECT SLEEP(3)");
  for (const auto& process : probe.state().processes) {
    EXPECT_EQ(process.info.find("information_schema.PROCESSLIST"), std::string::npos) << process.info;
  }
}

TEST_F(ServerProbeTest, UnreachableServerIsDownWithTheErrorAndBacksOff) {
  PolledServer server = mariadb_server();
  server.mariadb.socket = (opsdeck::testing::state_dir() / "nobody-listens.sock").string();
  ServerProbe probe(server);
  auto first = probe.poll(std::chrono::milliseconds(500));
  EXPECT_TRUE(probe.state().checked);
  EXPECT_FALSE(probe.state().up);
  EXPECT_NE(probe.state().error.find("nobody-listens.sock"), std::string::npos) << probe.state().error;
  auto second = probe.poll(std::chrono::milliseconds(500));
  EXPECT_EQ(first, std::chrono::milliseconds(500));
  EXPECT_EQ(second, std::chrono::milliseconds(1000));
  EXPECT_EQ(probe.state().retry_in, std::chrono::milliseconds(1000));
}

}  // namespace
}  // namespace opsdeck::metrics
