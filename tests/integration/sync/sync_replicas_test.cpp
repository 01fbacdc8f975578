// The mariadb provider syncs every configured server: the primary (mariadb.*) and each of mariadb.replicas,
// in a scope of its own. Two endpoints of the fixture's one mariadbd (its socket and a symlink to it) stand
// for two servers: both get a MariadbServer node and the same databases, each in its own scope; a later sync
// without the replica confirms the primary and leaves the replica's scope alone; a bad replicas entry fails
// the settings, naming the key.
#include <gtest/gtest.h>

#include <filesystem>

#include "backend/core/config.hpp"
#include "backend/sync/sync_settings.hpp"
#include "tests/integration/sync/sync_test_fixture.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::sync::testing {
namespace {

using Strings = std::vector<std::string>;

class SyncReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    connection_ = connect();
    ASSERT_NE(connection_, nullptr);
    primary_ = opsdeck::testing::mariadb_options();
    ASSERT_FALSE(primary_.socket.empty());
    link_ = scratch_.path() / "replica.sock";
    std::filesystem::create_symlink(primary_.socket, link_);
  }

  core::Result<SyncSettings> settings(const std::string& replicas) {
    core::ConfigSources sources;
    sources.state_dir = scratch_.path() / "state";
    sources.environment = {{"HOME", "/nonexistent-home"},
                           {"OPSDECK_SYNC_PROVIDERS", "mariadb"},
                           {"OPSDECK_MARIADB_SOCKET", primary_.socket},
                           {"OPSDECK_MARIADB_USER", primary_.user},
                           {"OPSDECK_MARIADB_DATABASE", primary_.database},
                           {"OPSDECK_MARIADB_REPLICAS", replicas}};
    auto config = core::Config::load(sources);
    if (!config.ok()) {
      return core::Unexpected{config.error()};
    }
    return sync_settings_from_config(*config, {}, {});
  }

  SyncReport sync_with(const SyncSettings& settings, std::uint64_t tag) {
    auto providers = make_providers(settings);
    EXPECT_TRUE(providers.ok()) << providers.error().describe();
    if (!providers.ok()) {
      return {};
    }
    SyncEngine engine(settings.graph, std::move(*providers), nullptr, logger_);
    SyncOptions options;
    options.update_tag = tag;
    auto summary = run_sync(engine, options, logger_);
    EXPECT_TRUE(summary.ok()) << summary.error().describe();
    if (!summary.ok() || summary->reports.size() != 1) {
      ADD_FAILURE() << "expected one report";
      return {};
    }
    return summary->reports[0];
  }

  std::uint64_t lastupdated_of_server(const std::string& scope) {
    auto result = connection_->execute(
        "SELECT lastupdated FROM sync_nodes WHERE label = 'MariadbServer' AND scope = ?", {scope});
    EXPECT_TRUE(result.ok()) << result.error().describe();
    return result.ok() && result->rows.size() == 1 ? *result->rows[0].get<std::uint64_t>(0) : 0;
  }

  opsdeck::testing::TemporaryDirectory scratch_;
  core::Logger logger_;
  store::MariadbOptions primary_;
  std::filesystem::path link_;
  std::unique_ptr<store::MariadbConnection> connection_;
};

TEST_F(SyncReplicasTest, EveryConfiguredServerIsSyncedInItsOwnScope) {
  auto both = settings("second=" + link_.string());
  ASSERT_TRUE(both.ok()) << both.error().describe();
  ASSERT_EQ(both->mariadb_servers.size(), 2u);
  const std::string primary_name = "socket " + primary_.socket;
  const std::string replica_name = "socket " + link_.string();
  EXPECT_EQ(both->mariadb_servers[0].name, primary_name);
  EXPECT_EQ(both->mariadb_servers[1].name, replica_name);

  const auto report = sync_with(*both, 700);
  ASSERT_EQ(report.status, ProviderStatus::kOk) << report.message;
  const std::string primary_scope = "mariadb:" + primary_name;
  const std::string replica_scope = "mariadb:" + replica_name;
  EXPECT_EQ(node_ids(*connection_, "MariadbServer", primary_scope), (Strings{"mariadb:" + primary_name}));
  EXPECT_EQ(node_ids(*connection_, "MariadbServer", replica_scope), (Strings{"mariadb:" + replica_name}));
  // One mariadbd behind both endpoints: the same databases, under each server's own node ids.
  const auto primary_databases = node_ids(*connection_, "MariadbDatabase", primary_scope);
  const auto replica_databases = node_ids(*connection_, "MariadbDatabase", replica_scope);
  ASSERT_FALSE(primary_databases.empty());
  ASSERT_EQ(primary_databases.size(), replica_databases.size());
  for (std::size_t i = 0; i < primary_databases.size(); ++i) {
    EXPECT_EQ(primary_databases[i].substr(primary_databases[i].rfind('/')),
              replica_databases[i].substr(replica_databases[i].rfind('/')))
        << primary_databases[i] << " vs " << replica_databases[i];
  }
  EXPECT_FALSE(relationship_pairs(*connection_, "HAS_DATABASE", replica_scope).empty());

  // Without the replica, the next sync covers the primary's scope only: the replica's rows stay as they were.
  auto primary_only = settings("");
  ASSERT_TRUE(primary_only.ok()) << primary_only.error().describe();
  ASSERT_EQ(primary_only->mariadb_servers.size(), 1u);
  const auto second = sync_with(*primary_only, 701);
  ASSERT_EQ(second.status, ProviderStatus::kOk) << second.message;
  EXPECT_EQ(lastupdated_of_server(primary_scope), 701u);
  EXPECT_EQ(lastupdated_of_server(replica_scope), 700u);
  EXPECT_EQ(node_ids(*connection_, "MariadbDatabase", replica_scope), replica_databases);
}

TEST_F(SyncReplicasTest, ThePrimaryListedAgainAsAReplicaIsSyncedOnce) {
  auto twice = settings("again=" + primary_.socket);
  ASSERT_TRUE(twice.ok()) << twice.error().describe();
  EXPECT_EQ(twice->mariadb_servers.size(), 1u);
}

TEST_F(SyncReplicasTest, ABadReplicasEntryFailsNamingTheKey) {
  auto bad = settings("r1=db.example:99999");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("mariadb.replicas"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("99999"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace opsdeck::sync::testing
