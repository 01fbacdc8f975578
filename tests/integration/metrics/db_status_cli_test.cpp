// `opsdeck db status` end to end: the built binary against the private servers (given as configured
// servers through the environment), its JSON with real rates, a replica from mariadb.replicas, every Redis
// server of a primary/replica pair from redis.replicas, and exit code 1 with the error when one of the
// servers is not there.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "backend/core/process.hpp"
#include "tests/support/redis_pair.hpp"
#include "tests/support/temporary_directory.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_file(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

class DbStatusCliTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(servers_ready()); }

  CliRun run(std::vector<std::string> arguments, std::vector<std::pair<std::string, std::string>> env) {
    core::SpawnOptions options;
    options.argv = {opsdeck_binary().string(), "--state-dir", (directory_.path() / "state").string()};
    options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
    options.environment = {{"XDG_CONFIG_HOME", (directory_.path() / "config").string()},
                           {"OPSDECK_MARIADB_SOCKET", mariadb_options().socket},
                           {"OPSDECK_REDIS_SOCKET", redis_options().socket}};
    for (auto& [key, value] : env) {  // a test's own value replaces the fixture's
      auto same = std::find_if(options.environment.begin(), options.environment.end(),
                               [&key](const auto& entry) { return entry.first == key; });
      if (same != options.environment.end()) {
        same->second = value;
      } else {
        options.environment.emplace_back(key, value);
      }
    }
    auto out = directory_.path() / "out";
    auto err = directory_.path() / "err";
    fs::remove(out);
    fs::remove(err);
    options.stdout_target = core::OutputTarget::append_to(out);
    options.stderr_target = core::OutputTarget::append_to(err);
    CliRun result;
    auto child = core::ChildProcess::spawn(options);
    if (!child) {
      ADD_FAILURE() << child.error().describe();
      return result;
    }
    auto status = child->wait_for(std::chrono::seconds(60));
    if (!status) {
      ADD_FAILURE() << "opsdeck db status did not finish";
      return result;
    }
    result.exit_code = status->signal != 0 ? 128 + status->signal : status->code;
    result.out = read_file(out);
    result.err = read_file(err);
    return result;
  }

  TemporaryDirectory directory_;
};

const nlohmann::json* find_server(const nlohmann::json& json, const std::string& name) {
  for (const auto& server : json["servers"]) {
    if (server["name"] == name) {
      return &server;
    }
  }
  return nullptr;
}

TEST_F(DbStatusCliTest, JsonHasEveryServerWithRates) {
  auto run_result = run({"db", "status", "--json", "--interval", "300"},
                        {{"OPSDECK_MARIADB_REPLICAS", "copy=" + mariadb_options().socket}});
  ASSERT_EQ(run_result.exit_code, 0) << run_result.out << run_result.err;
  auto json = nlohmann::json::parse(run_result.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << run_result.out;
  EXPECT_EQ(json["interval_ms"], 300);
  ASSERT_EQ(json["servers"].size(), 3u) << json.dump(2);
  const auto* mariadb = find_server(json, "mariadb");
  ASSERT_NE(mariadb, nullptr);
  EXPECT_EQ((*mariadb)["up"], true);
  EXPECT_EQ((*mariadb)["local_stack"], false);
  EXPECT_EQ((*mariadb)["rates_valid"], true) << "two polls give real rates";
  EXPECT_TRUE((*mariadb)["queries_per_second"].is_number());
  EXPECT_TRUE((*mariadb)["processes"].is_array());
  EXPECT_EQ((*mariadb)["replication"]["role"], "primary");
  const auto* copy = find_server(json, "copy");
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ((*copy)["up"], true);
  const auto* redis = find_server(json, "redis");
  ASSERT_NE(redis, nullptr);
  EXPECT_EQ((*redis)["up"], true);
  EXPECT_EQ((*redis)["rates_valid"], true);
  EXPECT_GT((*redis)["used_memory_bytes"].get<std::int64_t>(), 0);
  EXPECT_EQ(run_result.out.find("password"), std::string::npos);
}

TEST_F(DbStatusCliTest, ADownServerIsShownWithItsErrorAndExitsOne) {
  auto gone = (directory_.path() / "gone.sock").string();
  auto run_result =
      run({"db", "status", "--interval", "100"}, {{"OPSDECK_MARIADB_REPLICAS", "gone=" + gone}});
  EXPECT_EQ(run_result.exit_code, 1) << run_result.out << run_result.err;
  EXPECT_NE(run_result.out.find("gone  mariadb  socket " + gone + "  DOWN: "), std::string::npos)
      << run_result.out;
  EXPECT_NE(run_result.out.find("redis  redis  socket"), std::string::npos) << run_result.out;
  EXPECT_NE(run_result.out.find("queries/s"), std::string::npos) << run_result.out;
  EXPECT_NE(run_result.out.find("replication: primary"), std::string::npos) << run_result.out;
}

TEST_F(DbStatusCliTest, EveryRedisServerIsListedAndAStoppedReplicaAloneIsDown) {
  auto pair = RedisPair::start(directory_.path() / "pair");
  ASSERT_NE(pair, nullptr);
  ASSERT_TRUE(pair->wait_linked());
  const std::vector<std::pair<std::string, std::string>> env{
      {"OPSDECK_REDIS_SOCKET", pair->primary_socket().socket},
      {"OPSDECK_REDIS_REPLICAS", "cache-replica=" + pair->replica_socket().socket}};
  auto both = run({"db", "status", "--json", "--interval", "100"}, env);
  ASSERT_EQ(both.exit_code, 0) << both.out << both.err;
  auto json = nlohmann::json::parse(both.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << both.out;
  ASSERT_EQ(json["servers"].size(), 3u) << json.dump(2);
  const auto* primary = find_server(json, "redis");
  const auto* replica = find_server(json, "cache-replica");
  ASSERT_NE(primary, nullptr);
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ((*primary)["kind"], "redis");
  EXPECT_EQ((*primary)["up"], true);
  EXPECT_EQ((*primary)["replication"]["role"], "primary");
  EXPECT_EQ((*primary)["replication"]["replicas_connected"], 1);
  EXPECT_EQ((*replica)["kind"], "redis");
  EXPECT_EQ((*replica)["up"], true) << replica->dump(2);
  EXPECT_EQ((*replica)["replication"]["role"], "replica");
  EXPECT_EQ((*replica)["replication"]["source"], "127.0.0.1:" + std::to_string(pair->primary_port()));
  EXPECT_EQ((*replica)["replication"]["link_state"], "up");

  ASSERT_TRUE(pair->stop_replica());
  auto stopped = run({"db", "status", "--json", "--interval", "100"}, env);
  EXPECT_EQ(stopped.exit_code, 1) << stopped.out << stopped.err;
  json = nlohmann::json::parse(stopped.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << stopped.out;
  primary = find_server(json, "redis");
  replica = find_server(json, "cache-replica");
  ASSERT_NE(primary, nullptr);
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ((*replica)["up"], false);
  EXPECT_NE((*replica)["error"].get<std::string>().find(pair->replica_socket().socket), std::string::npos)
      << replica->dump(2);
  EXPECT_EQ((*primary)["up"], true) << primary->dump(2);
  EXPECT_EQ(find_server(json, "mariadb")->at("up"), true);
}

TEST_F(DbStatusCliTest, BadReplicaListIsAnErrorNamingTheKey) {
  auto run_result = run({"db", "status"}, {{"OPSDECK_MARIADB_REPLICAS", "r1=db:99999"}});
  EXPECT_EQ(run_result.exit_code, 1);
  EXPECT_NE(run_result.err.find("mariadb.replicas"), std::string::npos) << run_result.err;
}

}  // namespace
}  // namespace opsdeck::testing
