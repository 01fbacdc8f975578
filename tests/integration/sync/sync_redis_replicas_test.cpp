// The redis provider syncs every configured Redis server: redis.* and each of redis.replicas, each in its
// own scope. A private primary/replica pair (tests/support/redis_pair.hpp; the replica has a unix socket
// only): one RedisServer node per server, and the replica's REPLICATES_FROM joins the two configured nodes,
// whether the primary is configured by TCP address (an exact match) or by socket (matched through its own
// INFO tcp_port, both being on this machine). The replica, which has no TCP port, is not also recorded from
// the primary's side.
#include <gtest/gtest.h>

#include "backend/core/config.hpp"
#include "backend/sync/sync_settings.hpp"
#include "tests/integration/sync/sync_test_fixture.hpp"
#include "tests/support/redis_pair.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::sync::testing {
namespace {

using Strings = std::vector<std::string>;

class SyncRedisReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    connection_ = connect();
    ASSERT_NE(connection_, nullptr);
    pair_ = opsdeck::testing::RedisPair::start(scratch_.path() / "pair");
    ASSERT_NE(pair_, nullptr);
    ASSERT_TRUE(pair_->wait_linked());
  }

  // The graph in the fixture's MariaDB; `redis` is the primary's redis.* keys.
  SyncSettings settings(std::vector<std::pair<std::string, std::string>> redis) {
    const auto graph = opsdeck::testing::mariadb_options();
    core::ConfigSources sources;
    sources.state_dir = scratch_.path() / "state";
    sources.environment = {{"HOME", "/nonexistent-home"},
                           {"OPSDECK_SYNC_PROVIDERS", "redis"},
                           {"OPSDECK_MARIADB_SOCKET", graph.socket},
                           {"OPSDECK_MARIADB_USER", graph.user},
                           {"OPSDECK_MARIADB_DATABASE", graph.database},
                           {"OPSDECK_REDIS_REPLICAS", "replica=" + pair_->replica_socket().socket}};
    for (auto& [key, value] : redis) {
      sources.environment[key] = value;
    }
    auto config = core::Config::load(sources);
    EXPECT_TRUE(config.ok()) << config.error().describe();
    auto settings = sync_settings_from_config(*config, {}, {});
    EXPECT_TRUE(settings.ok()) << settings.error().describe();
    return settings.ok() ? *settings : SyncSettings{};
  }

  void expect_linked(const SyncSettings& settings, std::uint64_t tag) {
    ASSERT_EQ(settings.redis_servers.size(), 2u);
    const std::string primary = "redis:" + settings.redis_servers[0].name;
    const std::string replica = "redis:" + settings.redis_servers[1].name;
    EXPECT_EQ(replica, "redis:socket " + pair_->replica_socket().socket);
    auto providers = make_providers(settings);
    ASSERT_TRUE(providers.ok()) << providers.error().describe();
    SyncEngine engine(settings.graph, std::move(*providers), nullptr, logger_);
    SyncOptions options;
    options.update_tag = tag;
    auto summary = run_sync(engine, options, logger_);
    ASSERT_TRUE(summary.ok()) << summary.error().describe();
    ASSERT_EQ(summary->reports.size(), 1u);
    ASSERT_EQ(summary->reports[0].status, ProviderStatus::kOk) << summary->reports[0].message;

    // Scope and node id are both "redis:<name>".
    EXPECT_EQ(node_ids(*connection_, "RedisServer", primary), (Strings{primary}));
    EXPECT_EQ(node_ids(*connection_, "RedisServer", replica), (Strings{replica}));
    EXPECT_EQ(relationship_pairs(*connection_, "REPLICATES_FROM", replica),
              (Strings{replica + "->" + primary}));
    EXPECT_EQ(relationship_pairs(*connection_, "REPLICATES_FROM", primary), Strings{});
    auto roles = connection_->execute(
        "SELECT JSON_VALUE(properties, '$.role') FROM sync_nodes WHERE label = 'RedisServer' AND id IN (?, "
        "?) "
        "ORDER BY id = ?",
        {primary, replica, replica});
    ASSERT_TRUE(roles.ok()) << roles.error().describe();
    ASSERT_EQ(roles->rows.size(), 2u);
    EXPECT_EQ(*roles->rows[0].get<std::string>(0), "master");
    EXPECT_EQ(*roles->rows[1].get<std::string>(0), "slave");
  }

  opsdeck::testing::TemporaryDirectory scratch_;
  core::Logger logger_;
  std::unique_ptr<store::MariadbConnection> connection_;
  std::unique_ptr<opsdeck::testing::RedisPair> pair_;
};

TEST_F(SyncRedisReplicasTest, APrimaryConfiguredByAddressIsLinkedExactly) {
  auto by_address = settings(
      {{"OPSDECK_REDIS_HOST", "127.0.0.1"}, {"OPSDECK_REDIS_PORT", std::to_string(pair_->primary_port())}});
  EXPECT_EQ(by_address.redis_servers.at(0).name, "127.0.0.1:" + std::to_string(pair_->primary_port()));
  expect_linked(by_address, 800);
}

TEST_F(SyncRedisReplicasTest, APrimaryConfiguredBySocketIsLinkedThroughItsTcpPort) {
  auto by_socket = settings({{"OPSDECK_REDIS_SOCKET", pair_->primary_socket().socket}});
  EXPECT_EQ(by_socket.redis_servers.at(0).name, "socket " + pair_->primary_socket().socket);
  expect_linked(by_socket, 801);
}

}  // namespace
}  // namespace opsdeck::sync::testing
