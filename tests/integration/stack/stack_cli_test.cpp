// `opsdeck stack up|status|down` end to end: the built binary, its JSON, its table and its exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "backend/core/process.hpp"
#include "tests/integration/stack/stack_test_fixture.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class StackCliTest : public StackTestFixture {
 protected:
  // Runs opsdeck with the suite's state dir and no user configuration; stdout and stderr kept apart.
  static CliRun run(std::vector<std::string> arguments,
                    std::vector<std::pair<std::string, std::string>> env = {}) {
    core::SpawnOptions options;
    options.argv = {opsdeck_binary().string(), "--state-dir", state_dir().string()};
    options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
    options.environment = {{"XDG_CONFIG_HOME", (state_dir() / "config").string()}};
    options.environment.insert(options.environment.end(), env.begin(), env.end());
    const auto stdout_file = state_dir() / "cli.out";
    const auto stderr_file = state_dir() / "cli.err";
    fs::remove(stdout_file);
    fs::remove(stderr_file);
    options.stdout_target = core::OutputTarget::append_to(stdout_file);
    options.stderr_target = core::OutputTarget::append_to(stderr_file);
    CliRun result;
    auto child = core::ChildProcess::spawn(options);
    if (!child) {
      ADD_FAILURE() << child.error().describe();
      return result;
    }
    auto status = child->wait_for(std::chrono::seconds(150));
    if (!status) {
      ADD_FAILURE() << "opsdeck did not finish";
      return result;
    }
    result.exit_code = status->signal != 0 ? 128 + status->signal : status->code;
    result.out = read_file(stdout_file);
    result.err = read_file(stderr_file);
    return result;
  }

  static std::string read_file(const fs::path& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  static nlohmann::json parse(const CliRun& run) {
    auto json = nlohmann::json::parse(run.out, nullptr, false);
    EXPECT_FALSE(json.is_discarded()) << "not JSON: " << run.out << "\nstderr: " << run.err;
    return json;
  }
};

TEST_F(StackCliTest, UpStatusDownWithJson) {
  ASSERT_TRUE(fs::exists(opsdeck_binary())) << opsdeck_binary();
  run({"stack", "down"});

  auto up = run({"stack", "up", "--json"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  auto started = parse(up);
  EXPECT_EQ(started["directory"], (state_dir() / "stack").string());
  ASSERT_EQ(started["servers"].size(), 2U);
  EXPECT_EQ(started["servers"][0]["name"], "mariadb");
  EXPECT_EQ(started["servers"][1]["name"], "redis");
  for (const auto& server : started["servers"]) {
    SCOPED_TRACE(server.dump());
    EXPECT_TRUE(server["running"].get<bool>());
    EXPECT_TRUE(core::pid_alive(server["pid"].get<int>())) << "the server did not outlive the CLI";
    EXPECT_FALSE(server["version"].get<std::string>().empty());
    EXPECT_EQ(server["tcp_port"], 0);
    EXPECT_THAT(server["socket"].get<std::string>(), HasSubstr(state_dir().string()));
    EXPECT_THAT(server["note"].get<std::string>(), HasSubstr("started"));
    EXPECT_TRUE(server.contains("uptime_seconds"));
  }
  EXPECT_EQ(up.err, "") << "progress must stay off when stderr is not a terminal";

  auto status = run({"stack", "status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  auto running = parse(status);
  for (std::size_t index = 0; index < 2; ++index) {
    EXPECT_TRUE(running["servers"][index]["running"].get<bool>());
    EXPECT_EQ(running["servers"][index]["pid"], started["servers"][index]["pid"]);
  }

  auto again = parse(run({"stack", "up", "--json"}));
  EXPECT_EQ(again["servers"][0]["note"], "reused");
  EXPECT_EQ(again["servers"][0]["pid"], started["servers"][0]["pid"]);

  auto down = run({"stack", "down", "--json"});
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
  auto stopped = parse(down);
  for (const auto& server : stopped["servers"]) {
    EXPECT_TRUE(server["stopped"].get<bool>());
    EXPECT_TRUE(server["was_running"].get<bool>());
    EXPECT_FALSE(server["running"].get<bool>());
    EXPECT_FALSE(core::pid_alive(server["pid"].get<int>()));
  }

  auto after = run({"stack", "status", "--json"});
  ASSERT_EQ(after.exit_code, 0) << after.out << after.err;
  const auto down_status = parse(after);
  for (const auto& server : down_status["servers"]) {
    EXPECT_FALSE(server["running"].get<bool>());
    EXPECT_EQ(server["pid"], 0);
    EXPECT_THAT(server["note"].get<std::string>(), HasSubstr("not running"));
  }
  auto down_again = run({"stack", "down", "--json"});
  EXPECT_EQ(down_again.exit_code, 0) << down_again.out << down_again.err;
}

TEST_F(StackCliTest, HumanOutputIsATable) {
  auto up = run({"stack", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_THAT(up.out, HasSubstr("stack in " + (state_dir() / "stack").string()));
  EXPECT_THAT(up.out, HasSubstr("SERVER"));
  EXPECT_THAT(up.out, HasSubstr("UPTIME"));
  EXPECT_THAT(up.out, HasSubstr("mariadb  running"));
  EXPECT_THAT(up.out, HasSubstr("redis    running"));

  auto down = run({"stack", "down"});
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
  EXPECT_THAT(down.out, HasSubstr("mariadb  stopped"));
  auto status = run({"stack", "status"});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_THAT(status.out, HasSubstr("mariadb  down"));
}

TEST_F(StackCliTest, FailedUpExitsOneAndNamesThePackage) {
  run({"stack", "down"});
  auto up = run({"stack", "up", "--json"}, {{"OPSDECK_STACK_MARIADBD", "/nonexistent/mariadbd"},
                                            {"OPSDECK_STACK_REDIS_SERVER", "/nonexistent/redis-server"}});
  EXPECT_EQ(up.exit_code, 1) << up.out << up.err;
  auto error = parse(up);
  EXPECT_THAT(error["error"]["message"].get<std::string>(), HasSubstr("apt-get install mariadb-server"));
  EXPECT_THAT(error["error"]["message"].get<std::string>(), HasSubstr("apt-get install redis-server"));

  auto human = run({"stack", "up"}, {{"OPSDECK_STACK_MARIADBD", "/nonexistent/mariadbd"},
                                     {"OPSDECK_STACK_REDIS_SERVER", "/nonexistent/redis-server"}});
  EXPECT_EQ(human.exit_code, 1);
  EXPECT_THAT(human.err, HasSubstr("opsdeck: /nonexistent/mariadbd not found"));
}

TEST_F(StackCliTest, UnknownStackSubcommandIsAUsageError) {
  EXPECT_EQ(run({"stack", "sideways"}).exit_code, 2);
  EXPECT_EQ(run({"stack"}).exit_code, 2);
}

}  // namespace
}  // namespace opsdeck::testing
