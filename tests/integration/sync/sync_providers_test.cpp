// Every built-in provider on real data: this machine (/proc, /etc/passwd, dpkg), the fixture's mariadbd and
// redis-server, and certificates made by CertsEngine. Each test uses its own target name or host name, so
// its scope (and cleanup) is its own.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "backend/certs/certs_engine.hpp"
#include "backend/store/redis_client.hpp"
#include "backend/sync/providers/certs_provider.hpp"
#include "backend/sync/providers/host_provider.hpp"
#include "backend/sync/providers/mariadb_provider.hpp"
#include "backend/sync/providers/redis_provider.hpp"
#include "tests/integration/sync/sync_test_fixture.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::sync::testing {
namespace {

using Strings = std::vector<std::string>;

class SyncProvidersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    connection_ = connect();
    ASSERT_NE(connection_, nullptr);
  }
  SyncReport sync_one(std::shared_ptr<Provider> provider, std::uint64_t tag, bool force = false) {
    SyncEngine engine(opsdeck::testing::mariadb_options(), {std::move(provider)}, nullptr, logger_);
    SyncOptions options;
    options.update_tag = tag;
    options.force = force;
    auto summary = run_sync(engine, options, logger_);
    EXPECT_TRUE(summary.ok()) << summary.error().describe();
    if (!summary.ok() || summary->reports.empty()) {
      return {};
    }
    return summary->reports[0];
  }
  core::Result<NodeDetail> node(const std::string& label, const std::string& id) {
    SyncEngine engine(opsdeck::testing::mariadb_options(), {}, nullptr, logger_);
    return engine.node(label, id);
  }
  void exec(const std::string& sql) {
    auto result = connection_->execute_plain(sql);
    ASSERT_TRUE(result.ok()) << sql << ": " << result.error().describe();
  }

  core::Logger logger_;
  std::unique_ptr<store::MariadbConnection> connection_;
  opsdeck::testing::TemporaryDirectory scratch_;
};

TEST_F(SyncProvidersTest, HostProviderReadsThisMachineAndLinksMariadbdToItsServer) {
  const std::string hostname = "synctest-host";
  const std::string prefix = hostname + "/";
  // A dpkg status file of our own, so that the second run has a known change.
  const auto dpkg = scratch_.path() / "status";
  auto write_status = [&](const Strings& names) {
    std::ofstream out(dpkg);
    for (const auto& name : names) {
      out << "Package: " << name << "\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0\n\n";
    }
  };
  write_status({"alpha", "beta", "gamma"});
  HostSources sources;
  sources.hostname = hostname;
  sources.dpkg_status = dpkg;
  MariadbTarget fixture{"synctest-host-mariadb", opsdeck::testing::mariadb_options()};
  sources.mariadb_endpoints.push_back(mariadb_endpoint(fixture));
  auto provider = std::make_shared<HostProvider>(sources);
  auto first = sync_one(provider, 7000);
  ASSERT_EQ(first.status, ProviderStatus::kOk) << first.message;
  EXPECT_GT(first.nodes_written, 10u);

  auto host = node("Host", "host:" + hostname);
  ASSERT_TRUE(host.ok()) << host.error().describe();
  EXPECT_FALSE(host->properties["kernel"].get<std::string>().empty());
  auto root = node("User", prefix + "user/root");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->properties["uid"], 0);

  // This test process: its node, its user, its parent.
  auto self = node("Process", prefix + "process/" + std::to_string(getpid()));
  ASSERT_TRUE(self.ok()) << self.error().describe();
  EXPECT_EQ(self->properties["ppid"], getppid());
  bool runs_as = false;
  for (const auto& relationship : self->outgoing) {
    runs_as = runs_as || relationship.type == "RUNS_AS";
  }
  EXPECT_TRUE(runs_as);

  // The fixture's mariadbd listens on its unix socket: process -LISTENS_ON-> socket, -SERVES-> server.
  auto serves = relationship_pairs(*connection_, "SERVES", "host:" + hostname);
  ASSERT_EQ(serves.size(), 1u);
  EXPECT_NE(serves[0].find("->mariadb:synctest-host-mariadb"), std::string::npos) << serves[0];
  const std::string mariadbd = serves[0].substr(0, serves[0].find("->"));
  auto server_process = node("Process", mariadbd);
  ASSERT_TRUE(server_process.ok());
  EXPECT_EQ(server_process->properties["name"], "mariadbd");
  bool listens = false;
  for (const auto& relationship : server_process->outgoing) {
    listens = listens || (relationship.type == "LISTENS_ON" &&
                          relationship.other_id == prefix + "listen/unix/" + fixture.options.socket);
  }
  EXPECT_TRUE(listens);
  EXPECT_FALSE(node_ids(*connection_, "Mount", "host:" + hostname).empty());
  EXPECT_FALSE(node_ids(*connection_, "NetworkInterface", "host:" + hostname).empty());
  EXPECT_EQ(node_ids(*connection_, "Package", "host:" + hostname),
            (Strings{prefix + "package/alpha:amd64", prefix + "package/beta:amd64",
                     prefix + "package/gamma:amd64"}));

  // A package removed: exactly its node and HAS_PACKAGE relationship go.
  write_status({"alpha", "gamma"});
  auto second = sync_one(provider, 7001);
  ASSERT_EQ(second.status, ProviderStatus::kOk) << second.message;
  EXPECT_EQ(node_ids(*connection_, "Package", "host:" + hostname),
            (Strings{prefix + "package/alpha:amd64", prefix + "package/gamma:amd64"}));
  auto packages = relationship_pairs(*connection_, "HAS_PACKAGE", "host:" + hostname);
  EXPECT_EQ(packages, (Strings{"host:" + hostname + "->" + prefix + "package/alpha:amd64",
                               "host:" + hostname + "->" + prefix + "package/gamma:amd64"}));
}

TEST_F(SyncProvidersTest, MariadbProviderDatabasesTablesUsersGrants) {
  exec("DROP DATABASE IF EXISTS synctest_db");
  exec("CREATE DATABASE synctest_db");
  exec("CREATE TABLE synctest_db.items (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB");
  exec("INSERT INTO synctest_db.items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  exec("CREATE TABLE synctest_db.gone (id INT PRIMARY KEY)");
  exec("ANALYZE TABLE synctest_db.items");
  exec("CREATE OR REPLACE USER 'syncreader'@'localhost'");
  exec("GRANT SELECT, SHOW VIEW ON synctest_db.* TO 'syncreader'@'localhost'");
  MariadbTarget target{"synctest-mariadb", opsdeck::testing::mariadb_options()};
  auto provider = std::make_shared<MariadbProvider>(std::vector<MariadbTarget>{target});
  auto first = sync_one(provider, 8000);
  ASSERT_EQ(first.status, ProviderStatus::kOk) << first.message;

  const std::string server = "mariadb:synctest-mariadb";
  auto server_node = node("MariadbServer", server);
  ASSERT_TRUE(server_node.ok()) << server_node.error().describe();
  EXPECT_NE(server_node->properties["version"].get<std::string>().find("MariaDB"), std::string::npos);
  auto items = node("MariadbTable", server + "/synctest_db.items");
  ASSERT_TRUE(items.ok()) << items.error().describe();
  EXPECT_EQ(items->properties["rows"], 3);
  EXPECT_EQ(items->properties["engine"], "InnoDB");
  EXPECT_GT(items->properties["size_bytes"].get<std::int64_t>(), 0);
  ASSERT_EQ(items->incoming.size(), 1u);
  EXPECT_EQ(items->incoming[0].other_id, server + "/synctest_db");
  auto user = node("MariadbUser", server + "/user/syncreader@localhost");
  ASSERT_TRUE(user.ok()) << user.error().describe();
  bool granted = false;
  for (const auto& relationship : user->outgoing) {
    if (relationship.type == "HAS_GRANT" && relationship.other_id == server + "/synctest_db") {
      granted = relationship.properties["privileges"].dump().find("SELECT") != std::string::npos;
    }
  }
  EXPECT_TRUE(granted);

  exec("DROP TABLE synctest_db.gone");
  auto second = sync_one(provider, 8001);
  ASSERT_EQ(second.status, ProviderStatus::kOk) << second.message;
  EXPECT_EQ(second.nodes_deleted, 1u);
  EXPECT_EQ(node("MariadbTable", server + "/synctest_db.gone").error().category,
            core::ErrorCategory::kNotFound);
  EXPECT_TRUE(node("MariadbTable", server + "/synctest_db.items").ok());
  exec("DROP USER 'syncreader'@'localhost'");
}

TEST_F(SyncProvidersTest, MariadbProviderFailsOnAnUnreachableServerAndKeepsItsData) {
  MariadbTarget target{"synctest-unreachable", opsdeck::testing::mariadb_options()};
  auto provider = std::make_shared<MariadbProvider>(std::vector<MariadbTarget>{target});
  ASSERT_EQ(sync_one(provider, 8100).status, ProviderStatus::kOk);
  const auto before = node_ids(*connection_, "MariadbDatabase", "mariadb:synctest-unreachable");
  ASSERT_FALSE(before.empty());
  target.options.socket = (scratch_.path() / "nobody.sock").string();
  auto gone = std::make_shared<MariadbProvider>(std::vector<MariadbTarget>{target});
  auto report = sync_one(gone, 8101);
  EXPECT_EQ(report.status, ProviderStatus::kFailed);
  EXPECT_NE(report.message.find("nobody.sock"), std::string::npos) << report.message;
  EXPECT_EQ(node_ids(*connection_, "MariadbDatabase", "mariadb:synctest-unreachable"), before);
}

TEST_F(SyncProvidersTest, RedisProviderKeyspacesConfigAndRole) {
  auto options = opsdeck::testing::redis_options();
  options.db = 5;
  auto client = store::RedisClient::connect(options);
  ASSERT_TRUE(client.ok()) << client.error().describe();
  ASSERT_TRUE((*client)->command({"FLUSHDB"}).ok());
  ASSERT_TRUE((*client)->command({"SET", "sync:a", "1"}).ok());
  ASSERT_TRUE((*client)->command({"SET", "sync:b", "2"}).ok());
  ASSERT_TRUE((*client)->command({"SET", "sync:c", "3", "EX", "3600"}).ok());
  RedisTarget target{"synctest-redis", opsdeck::testing::redis_options()};
  auto report = sync_one(std::make_shared<RedisProvider>(std::vector<RedisTarget>{target}), 9000);
  ASSERT_EQ(report.status, ProviderStatus::kOk) << report.message;
  auto server = node("RedisServer", "redis:synctest-redis");
  ASSERT_TRUE(server.ok()) << server.error().describe();
  EXPECT_EQ(server->properties["role"], "master");
  EXPECT_TRUE(server->properties["config"].contains("maxmemory-policy"));
  auto keyspace = node("RedisKeyspace", "redis:synctest-redis/db5");
  ASSERT_TRUE(keyspace.ok()) << keyspace.error().describe();
  EXPECT_EQ(keyspace->properties["keys"], 3);
  EXPECT_EQ(keyspace->properties["expires"], 1);
  ASSERT_TRUE((*client)->command({"FLUSHDB"}).ok());
}

TEST_F(SyncProvidersTest, CertsProviderCertificatesAndIssuedBy) {
  const auto dir = scratch_.path() / "certs";
  certs::CertsEngine engine(certs::CertsSettings{dir, {}});
  ASSERT_TRUE(
      engine.create_ca({"sync-root", "", std::nullopt, 3650, certs::KeyAlgorithm::kEcdsaP256, false}).ok());
  ASSERT_TRUE(
      engine
          .create_server(
              {"db.sync.test", "sync-root", {"IP:127.0.0.1"}, 90, certs::KeyAlgorithm::kEcdsaP256, false})
          .ok());
  std::ofstream(dir / "hosts" / "notes.pem") << "this is not a certificate\n";
  auto report = sync_one(std::make_shared<CertsProvider>(std::vector<std::filesystem::path>{dir}), 9500);
  ASSERT_EQ(report.status, ProviderStatus::kOk) << report.message;
  const std::string scope = "certs:" + dir.lexically_normal().string();
  auto ids = node_ids(*connection_, "Certificate", scope);
  ASSERT_EQ(ids.size(), 2u);
  auto issued = relationship_pairs(*connection_, "ISSUED_BY", scope);
  ASSERT_EQ(issued.size(), 1u);
  const std::string server_id = issued[0].substr(0, issued[0].find("->"));
  const std::string ca_id = issued[0].substr(issued[0].find("->") + 2);
  auto server = node("Certificate", server_id);
  auto ca = node("Certificate", ca_id);
  ASSERT_TRUE(server.ok() && ca.ok());
  EXPECT_EQ(server->properties["subject"], "CN=db.sync.test");
  EXPECT_EQ(server->properties["issuer"], ca->properties["subject"]);
  EXPECT_TRUE(ca->properties["is_ca"].get<bool>());
  const std::string sans = server->properties["subject_alt_names"].dump();
  EXPECT_NE(sans.find("DNS:db.sync.test"), std::string::npos) << sans;
  EXPECT_NE(sans.find("IP:127.0.0.1"), std::string::npos) << sans;
  EXPECT_FALSE(server->properties["serial"].get<std::string>().empty());
  EXPECT_GT(server->properties["not_after"].get<std::int64_t>(),
            static_cast<std::int64_t>(std::time(nullptr)));

  // A missing directory fails the provider instead of deleting what it found before.
  auto missing =
      sync_one(std::make_shared<CertsProvider>(std::vector<std::filesystem::path>{dir / "nope"}), 9501);
  EXPECT_EQ(missing.status, ProviderStatus::kFailed);
  EXPECT_NE(missing.message.find("does not exist"), std::string::npos);
}

}  // namespace
}  // namespace opsdeck::sync::testing
