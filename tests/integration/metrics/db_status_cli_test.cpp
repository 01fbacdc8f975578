// `opsdeck db status` end to end: the built binary against the private servers (given as configured
// servers through the environment), its JSON with real rates, a replica from mariadb.replicas, and exit
// code 1 with the error when one of the servers is not there.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "backend/core/process.hpp"
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
    options.environment.insert(options.environment.end(), env.begin(), env.end());
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

TEST_F(DbStatusCliTest, BadReplicaListIsAnErrorNamingTheKey) {
  auto run_result = run({"db", "status"}, {{"OPSDECK_MARIADB_REPLICAS", "r1=db:99999"}});
  EXPECT_EQ(run_result.exit_code, 1);
  EXPECT_NE(run_result.err.find("mariadb.replicas"), std::string::npos) << run_result.err;
}

}  // namespace
}  // namespace opsdeck::testing
