// `opsdeck sync` and `opsdeck graph` end to end, as a second process: the built binary pointed at the
// fixture's servers through OPSDECK_* variables. While this test holds the lock on the mariadb provider's
// server node, the binary's mariadb provider waits, fails naming this connection, and its redis provider
// still syncs in parallel; exit code 1. Once released, the same command succeeds and `graph` shows the rows.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "backend/core/process.hpp"
#include "backend/sync/resource_locks.hpp"
#include "tests/integration/sync/sync_test_fixture.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::sync::testing {
namespace {

core::CapturedRun run_opsdeck(const std::filesystem::path& state, std::vector<std::string> arguments) {
  core::SpawnOptions options;
  options.argv = {opsdeck::testing::opsdeck_binary().string(), "--state-dir", state.string()};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  const auto mariadb = opsdeck::testing::mariadb_options();
  const auto redis = opsdeck::testing::redis_options();
  options.environment = {
      {"XDG_CONFIG_HOME", (state / "config").string()}, {"OPSDECK_MARIADB_SOCKET", mariadb.socket},
      {"OPSDECK_MARIADB_USER", mariadb.user},           {"OPSDECK_MARIADB_DATABASE", mariadb.database},
      {"OPSDECK_REDIS_SOCKET", redis.socket},           {"OPSDECK_SYNC_PROVIDERS", "mariadb,redis"}};
  auto run = core::run_and_capture(options, std::chrono::seconds(120));
  EXPECT_TRUE(run.ok()) << run.error().describe();
  return run.ok() ? *run : core::CapturedRun{};
}

TEST(SyncCliTest, SecondProcessIsHeldByTheLockWhileAnotherTypeRunsThenSyncs) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  opsdeck::testing::TemporaryDirectory state;
  const auto mariadb = opsdeck::testing::mariadb_options();
  const std::string scope = "mariadb:" + mariadb.describe();
  {
    auto held =
        ResourceLocks::acquire(mariadb, {node_type("MariadbServer", scope)}, std::chrono::seconds(0), {});
    ASSERT_TRUE(held.ok()) << held.error().describe();
    auto blocked =
        run_opsdeck(state.path(), {"sync", "--lock-timeout", "1", "--update-tag", "11000", "--json"});
    EXPECT_EQ(blocked.status.code, 1) << blocked.output;
    auto json = nlohmann::json::parse(blocked.output.substr(blocked.output.find('{')), nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << blocked.output;
    ASSERT_EQ(json["providers"].size(), 2u);
    EXPECT_EQ(json["providers"][0]["provider"], "mariadb");
    EXPECT_EQ(json["providers"][0]["status"], "failed");
    const std::string message = json["providers"][0]["message"];
    EXPECT_NE(message.find("lock on node MariadbServer @ " + scope + " is held by connection"),
              std::string::npos)
        << message;
    EXPECT_EQ(json["providers"][1]["provider"], "redis");
    EXPECT_EQ(json["providers"][1]["status"], "ok");
    EXPECT_EQ(json["update_tag"], 11000);
  }
  auto ok = run_opsdeck(state.path(), {"sync", "--update-tag", "11001"});
  EXPECT_EQ(ok.status.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("update_tag 11001"), std::string::npos) << ok.output;
  EXPECT_NE(ok.output.find("mariadb    ok"), std::string::npos) << ok.output;

  auto labels = run_opsdeck(state.path(), {"graph", "labels", "--json"});
  EXPECT_EQ(labels.status.code, 0) << labels.output;
  EXPECT_NE(labels.output.find("\"MariadbServer\""), std::string::npos) << labels.output;
  auto server = run_opsdeck(state.path(), {"graph", "show", "MariadbServer", scope});
  EXPECT_EQ(server.status.code, 0) << server.output;
  EXPECT_NE(server.output.find("lastupdated 11001"), std::string::npos) << server.output;
  EXPECT_NE(server.output.find("-[HAS_DATABASE]-> MariadbDatabase " + scope + "/opsdeck"), std::string::npos)
      << server.output;
  auto missing = run_opsdeck(state.path(), {"graph", "show", "MariadbServer", "no-such-id"});
  EXPECT_EQ(missing.status.code, 1);
  EXPECT_NE(missing.output.find("no MariadbServer node with id 'no-such-id'"), std::string::npos)
      << missing.output;
}

}  // namespace
}  // namespace opsdeck::sync::testing
