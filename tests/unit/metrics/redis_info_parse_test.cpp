// The Redis INFO parser on text captured from a real 7.0 server: counters, keyspaces, rates over two
// captures, the keyspace hit ratio, and replication seen from a replica and from its primary.
#include "backend/metrics/redis_info_parse.hpp"

#include <gtest/gtest.h>

#include "backend/store/redis_info.hpp"
#include "tests/unit/metrics/captured_text.hpp"

namespace opsdeck::metrics {
namespace {

RedisInfoSample sample_of(const std::string& text) {
  return parse_redis_info_sample(store::parse_redis_info(text));
}

TEST(RedisInfoParseTest, ReadsCountersAndKeyspaces) {
  auto sample = sample_of(captured::text("redis_info_before.txt"));
  EXPECT_EQ(sample.version, "7.0.15");
  EXPECT_EQ(sample.uptime_seconds, 49);
  EXPECT_EQ(sample.total_commands, 7);
  EXPECT_EQ(sample.used_memory, 1015912);
  EXPECT_EQ(sample.connected_clients, 1);
  EXPECT_EQ(sample.keyspace_hits, 1);
  EXPECT_EQ(sample.keyspace_misses, 1);
  ASSERT_EQ(sample.keyspaces.size(), 2u);
  EXPECT_EQ(sample.keyspaces[0].db, 0);
  EXPECT_EQ(sample.keyspaces[0].keys, 1);
  EXPECT_EQ(sample.keyspaces[1].db, 2);
  EXPECT_EQ(sample.keyspaces[1].keys, 1);
  EXPECT_EQ(sample.replication.role, "primary");
  EXPECT_EQ(sample.replication.replicas_connected, 0);
}

TEST(RedisInfoParseTest, OpsAndHitRatioComeFromTheDelta) {
  auto before = sample_of(captured::text("redis_info_before.txt"));
  auto after = sample_of(captured::text("redis_info_after.txt"));
  auto status = redis_status_from(after, &before, 0.5, 1);
  ASSERT_TRUE(status.rates_valid);
  EXPECT_EQ(status.commands_total, 59);
  EXPECT_EQ(status.commands_in_interval, 59 - 7 - 1);
  EXPECT_DOUBLE_EQ(status.operations_per_second, 51 / 0.5);
  EXPECT_EQ(status.instantaneous_ops_per_second, 1);
  // 50 GETs of keys that do not exist: every lookup in the interval missed.
  ASSERT_TRUE(status.keyspace_hit_ratio.has_value());
  EXPECT_DOUBLE_EQ(*status.keyspace_hit_ratio, 0.0);
  EXPECT_EQ(status.used_memory_bytes, 1040600);
}

TEST(RedisInfoParseTest, NoLookupsMeansNoHitRatioAndRestartMeansNoRates) {
  auto before = sample_of(captured::text("redis_info_before.txt"));
  auto after = sample_of(captured::text("redis_info_after.txt"));
  EXPECT_FALSE(redis_status_from(before, &before, 1.0, 1).keyspace_hit_ratio.has_value());
  EXPECT_FALSE(redis_status_from(before, &after, 1.0, 1).rates_valid);
  EXPECT_FALSE(redis_status_from(after, nullptr, 0, 1).rates_valid);
}

TEST(RedisInfoParseTest, ReplicaWithItsLinkUp) {
  auto sample = sample_of(captured::text("redis_info_replica.txt"));
  const auto& replication = sample.replication;
  EXPECT_EQ(replication.role, "replica");
  EXPECT_EQ(replication.source, "127.0.0.1:36379");
  EXPECT_EQ(replication.link_state, "up");
  EXPECT_TRUE(replication.io_running);
  ASSERT_TRUE(replication.lag_seconds.has_value());
  EXPECT_EQ(*replication.lag_seconds, 2);
  EXPECT_EQ(replication.error, "");
}

TEST(RedisInfoParseTest, ReplicaWithItsLinkDown) {
  std::vector<std::pair<std::string, std::string>> info = {{"role", "slave"},
                                                           {"master_host", "10.0.0.5"},
                                                           {"master_port", "6379"},
                                                           {"master_link_status", "down"},
                                                           {"master_last_io_seconds_ago", "-1"},
                                                           {"master_link_down_since_seconds", "42"}};
  auto replication = parse_redis_info_sample(info).replication;
  EXPECT_FALSE(replication.io_running);
  EXPECT_FALSE(replication.lag_seconds.has_value());
  EXPECT_EQ(replication.error, "link to 10.0.0.5:6379 down for 42 s");
}

TEST(RedisInfoParseTest, PrimaryListsItsReplicas) {
  auto sample = sample_of(captured::text("redis_info_master.txt"));
  const auto& replication = sample.replication;
  EXPECT_EQ(replication.role, "primary");
  EXPECT_EQ(replication.replicas_connected, 1);
  ASSERT_EQ(replication.replicas.size(), 1u);
  EXPECT_EQ(replication.replicas[0].address, "127.0.0.1:0");
  EXPECT_EQ(replication.replicas[0].state, "online");
  EXPECT_EQ(replication.replicas[0].offset_lag_bytes, 0);
  EXPECT_EQ(replication.replicas[0].lag_seconds, 0);
}

}  // namespace
}  // namespace opsdeck::metrics
