// Secrets: only from the environment or a *_file companion, file modes checked, never shown anywhere.
#include <gtest/gtest.h>

#include "backend/core/config.hpp"
#include "backend/core/config_report.hpp"
#include "tests/unit/core/config_test_support.hpp"

namespace opsdeck::core {
namespace {

using testing::problem_messages;
using testing::TempDir;
using Messages = std::vector<std::string>;

constexpr const char* kPassword = "correct-horse-battery";

TEST(ConfigSecretTest, ASecretInTheFileIsRejectedWithoutQuotingIt) {
  TempDir dir;
  auto file = dir.write("config.json", std::string(R"({"mariadb": {"password": ")") + kPassword + R"("}})");
  auto messages = problem_messages(dir.sources({}, file));
  EXPECT_EQ(messages,
            Messages{file.string() + ": mariadb.password: secrets are not read from the config file; set "
                                     "OPSDECK_MARIADB_PASSWORD or mariadb.password_file"});
  std::vector<Error> problems;
  auto config = Config::load_lenient(dir.sources({}, file), problems);
  EXPECT_TRUE(config.get_secret("mariadb.password").empty());
  EXPECT_EQ(config_report_text(config, problems).find(kPassword), std::string::npos);
}

TEST(ConfigSecretTest, ASecretOnTheCommandLineIsRejected) {
  TempDir dir;
  auto sources = dir.sources();
  sources.flags = {{"redis.password", kPassword}};
  EXPECT_EQ(problem_messages(sources),
            Messages{"command line: redis.password: secrets are not read from the "
                     "command line; set OPSDECK_REDIS_PASSWORD or redis.password_file"});
}

TEST(ConfigSecretTest, FromTheEnvironmentAndNeverShown) {
  TempDir dir;
  auto loaded = Config::load(dir.sources({{"OPSDECK_MARIADB_PASSWORD", kPassword}}));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->get_secret("mariadb.password").reveal(), kPassword);
  EXPECT_EQ(loaded->origin("mariadb.password"), ConfigOrigin::kEnvironment);
  auto values = loaded->effective_masked();
  EXPECT_EQ(values["mariadb.password"], (nlohmann::json{{"value", "********"}, {"origin", "env"}}));
  EXPECT_EQ(values["redis.password"]["value"], "(not set)");
  EXPECT_EQ(values.dump().find(kPassword), std::string::npos);
  EXPECT_EQ(config_report_json(*loaded, {}).dump().find(kPassword), std::string::npos);
  EXPECT_EQ(config_report_text(*loaded, {}).find(kPassword), std::string::npos);
}

TEST(ConfigSecretTest, FromThePasswordFileWithoutItsTrailingNewline) {
  TempDir dir;
  auto secret = dir.write("secrets/redis.pass", std::string(kPassword) + "\n", 0600);
  auto file = dir.write("config.json", R"({"redis": {"password_file": ")" + secret.string() + R"("}})");
  auto loaded = Config::load(dir.sources({}, file));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->get_secret("redis.password").reveal(), kPassword);
  auto values = loaded->effective_masked();
  EXPECT_EQ(values["redis.password"], (nlohmann::json{{"value", "********"}, {"origin", "file"}}));
  EXPECT_EQ(values["redis.password_file"]["value"], secret.string());
  EXPECT_EQ(values.dump().find(kPassword), std::string::npos);

  // Read when asked for, so a rotated password is picked up without a restart.
  dir.write("secrets/redis.pass", "rotated-password\r\n", 0600);
  EXPECT_EQ(loaded->get_secret("redis.password").reveal(), "rotated-password");
}

TEST(ConfigSecretTest, APasswordFileOthersCanReadIsRejected) {
  TempDir dir;
  auto secret = dir.write("db.pass", kPassword, 0644);
  EXPECT_EQ(problem_messages(dir.sources({{"OPSDECK_MARIADB_PASSWORD_FILE", secret.string()}})),
            Messages{"OPSDECK_MARIADB_PASSWORD_FILE: " + secret.string() +
                     ": mode 0644 is too open; chmod 600 " + secret.string()});
  dir.write("db.pass", kPassword, 0640);
  EXPECT_EQ(problem_messages(dir.sources({{"OPSDECK_MARIADB_PASSWORD_FILE", secret.string()}})),
            Messages{"OPSDECK_MARIADB_PASSWORD_FILE: " + secret.string() +
                     ": mode 0640 is too open; chmod 600 " + secret.string()});
  dir.write("db.pass", kPassword, 0400);
  EXPECT_EQ(problem_messages(dir.sources({{"OPSDECK_MARIADB_PASSWORD_FILE", secret.string()}})), Messages{});
}

TEST(ConfigSecretTest, AMissingPasswordFileIsAnError) {
  TempDir dir;
  auto file = dir.write("config.json", R"({"mariadb": {"password_file": "~/nope"}})");
  auto missing = dir.home() / "nope";
  EXPECT_EQ(problem_messages(dir.sources({}, file)),
            Messages{file.string() + ": mariadb.password_file: " + missing.string() +
                     ": No such file or directory"});
}

TEST(ConfigSecretTest, PasswordAndPasswordFileTogetherAreAnError) {
  TempDir dir;
  auto secret = dir.write("db.pass", kPassword, 0600);
  auto messages = problem_messages(dir.sources(
      {{"OPSDECK_MARIADB_PASSWORD", kPassword}, {"OPSDECK_MARIADB_PASSWORD_FILE", secret.string()}}));
  EXPECT_EQ(messages, Messages{"OPSDECK_MARIADB_PASSWORD_FILE: mariadb.password is also set by "
                               "OPSDECK_MARIADB_PASSWORD; keep only one of the two"});
}

}  // namespace
}  // namespace opsdeck::core
