// redis.replicas: one poller per Redis server. A private primary/replica pair (tests/support/redis_pair.hpp)
// configured as redis.* (127.0.0.1:port) and redis.replicas (the replica's socket): both are polled, each
// reports its role, the replica its link to the primary; a stopped replica is down with its error while
// the primary stays up.
#include <gtest/gtest.h>

#include "backend/core/config.hpp"
#include "backend/metrics/polled_servers_from_config.hpp"
#include "backend/metrics/server_probe.hpp"
#include "tests/support/redis_pair.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::metrics {
namespace {

using namespace std::chrono_literals;

TEST(RedisReplicasPollTest, EveryServerIsPolledAndADownReplicaIsShownAlone) {
  opsdeck::testing::TemporaryDirectory scratch;
  auto pair = opsdeck::testing::RedisPair::start(scratch.path() / "pair");
  ASSERT_NE(pair, nullptr);
  ASSERT_TRUE(pair->wait_linked());
  const std::string replica_socket = pair->replica_socket().socket;

  core::ConfigSources sources;
  sources.state_dir = scratch.path() / "state";
  sources.environment = {{"HOME", "/nonexistent-home"},
                         {"OPSDECK_REDIS_HOST", "127.0.0.1"},
                         {"OPSDECK_REDIS_PORT", std::to_string(pair->primary_port())},
                         {"OPSDECK_REDIS_REPLICAS", "cache-replica=" + replica_socket}};
  auto config = core::Config::load(sources);
  ASSERT_TRUE(config.ok()) << config.error().describe();
  auto servers = polled_servers_from_config(*config, nullptr);
  ASSERT_TRUE(servers.ok()) << servers.error().describe();
  ASSERT_EQ(servers->size(), 2u) << "no MariaDB configured and no stack: the two Redis servers only";
  EXPECT_EQ((*servers)[0].name, "redis");
  EXPECT_EQ((*servers)[0].kind, ServerKind::kRedis);
  EXPECT_EQ((*servers)[0].redis.port, pair->primary_port());
  EXPECT_EQ((*servers)[1].name, "cache-replica");
  EXPECT_EQ((*servers)[1].kind, ServerKind::kRedis);
  EXPECT_EQ((*servers)[1].role_hint, "replica");
  EXPECT_EQ((*servers)[1].redis.socket, replica_socket);

  ServerProbe primary((*servers)[0]);
  ServerProbe replica((*servers)[1]);
  primary.poll(1000ms);
  replica.poll(1000ms);
  ASSERT_TRUE(primary.state().up) << primary.state().error;
  ASSERT_TRUE(replica.state().up) << replica.state().error;
  EXPECT_EQ(primary.state().replication.role, "primary");
  EXPECT_EQ(primary.state().replication.replicas_connected, 1);
  EXPECT_EQ(replica.state().replication.role, "replica");
  EXPECT_EQ(replica.state().replication.source, "127.0.0.1:" + std::to_string(pair->primary_port()));
  EXPECT_EQ(replica.state().replication.link_state, "up");

  ASSERT_TRUE(pair->stop_replica());
  primary.poll(1000ms);
  replica.poll(1000ms);
  EXPECT_FALSE(replica.state().up);
  EXPECT_NE(replica.state().error.find(replica_socket), std::string::npos) << replica.state().error;
  EXPECT_TRUE(primary.state().up) << primary.state().error;
  EXPECT_EQ(primary.state().replication.role, "primary");
}

TEST(RedisReplicasPollTest, ABadEntryFailsNamingTheKey) {
  opsdeck::testing::TemporaryDirectory scratch;
  core::ConfigSources sources;
  sources.state_dir = scratch.path() / "state";
  sources.environment = {{"HOME", "/nonexistent-home"}, {"OPSDECK_REDIS_REPLICAS", "c2=cache2:99999"}};
  auto config = core::Config::load(sources);
  ASSERT_TRUE(config.ok()) << config.error().describe();
  auto servers = polled_servers_from_config(*config, nullptr);
  ASSERT_FALSE(servers.ok());
  EXPECT_NE(servers.error().message.find("redis.replicas: entry 1 `c2=cache2:99999`"), std::string::npos)
      << servers.error().message;
}

}  // namespace
}  // namespace opsdeck::metrics
