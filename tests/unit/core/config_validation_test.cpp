// Every validation message, verbatim: it must name the key, the file or variable, and what was expected.
#include <gtest/gtest.h>

#include "backend/core/config.hpp"
#include "backend/core/config_suggest.hpp"
#include "tests/unit/core/config_test_support.hpp"

namespace opsdeck::core {
namespace {

using testing::problem_messages;
using testing::TempDir;
using Messages = std::vector<std::string>;

// The problems found in a config file holding `text`, with the file's path replaced by "F".
Messages file_problems(const std::string& text) {
  TempDir dir;
  auto file = dir.write("config.json", text);
  Messages messages = problem_messages(dir.sources({}, file));
  for (auto& message : messages) {
    if (message.starts_with(file.string())) {
      message = "F" + message.substr(file.string().size());
    }
  }
  return messages;
}

Messages environment_problems(std::map<std::string, std::string> environment) {
  TempDir dir;
  return problem_messages(dir.sources(std::move(environment)));
}

TEST(ConfigValidationTest, WrongTypesAndRangesInTheFile) {
  EXPECT_EQ(file_problems(R"({"mariadb": {"port": "abc"}})"),
            Messages{R"(F: mariadb.port: expected an integer 1..65535, got "abc")"});
  EXPECT_EQ(file_problems(R"({"mariadb": {"port": 70000}})"),
            Messages{"F: mariadb.port: expected an integer 1..65535, got 70000"});
  EXPECT_EQ(file_problems(R"({"mariadb": {"port": 3306.5}})"),
            Messages{"F: mariadb.port: expected an integer 1..65535, got 3306.5"});
  EXPECT_EQ(file_problems(R"({"redis": {"db": -1}})"),
            Messages{"F: redis.db: expected an integer 0..15, got -1"});
  EXPECT_EQ(file_problems(R"({"jobs": {"workers": 18446744073709551615}})"),
            Messages{"F: jobs.workers: expected an integer 1..64, got 18446744073709551615"});
  EXPECT_EQ(file_problems(R"({"ui": {"no_color": "yes"}})"),
            Messages{R"(F: ui.no_color: expected true or false, got "yes")"});
  EXPECT_EQ(file_problems(R"({"ui": {"theme": 5}})"), Messages{"F: ui.theme: expected a string, got 5"});
  EXPECT_EQ(file_problems(R"({"mariadb": {"socket": ["/a", "/b"]}})"),
            Messages{"F: mariadb.socket: expected a path, got an array"});
  EXPECT_EQ(file_problems(R"({"mariadb": {"host": null}})"),
            Messages{"F: mariadb.host: expected a string, got null"});
}

TEST(ConfigValidationTest, RestrictedChoices) {
  EXPECT_EQ(file_problems(R"({"general": {"log_level": "verbose"}})"),
            Messages{R"(F: general.log_level: expected one of debug, info, warn, error, got "verbose")"});
  EXPECT_EQ(environment_problems({{"OPSDECK_GENERAL_LOG_LEVEL", "INFO"}}),
            Messages{R"(OPSDECK_GENERAL_LOG_LEVEL: expected one of debug, info, warn, error, got "INFO")"});
}

TEST(ConfigValidationTest, EnvironmentValuesNameTheVariable) {
  EXPECT_EQ(environment_problems({{"OPSDECK_UI_MAX_FPS", "fast"}}),
            Messages{R"(OPSDECK_UI_MAX_FPS: expected an integer 1..60, got "fast")"});
  EXPECT_EQ(environment_problems({{"OPSDECK_UI_MAX_FPS", "0"}}),
            Messages{R"(OPSDECK_UI_MAX_FPS: expected an integer 1..60, got "0")"});
  EXPECT_EQ(environment_problems({{"OPSDECK_MONITOR_INTERVAL_MS", "10x"}}),
            Messages{R"(OPSDECK_MONITOR_INTERVAL_MS: expected an integer 200..60000, got "10x")"});
  EXPECT_EQ(environment_problems({{"OPSDECK_MARIADB_SSL_VERIFY", "maybe"}}),
            Messages{R"(OPSDECK_MARIADB_SSL_VERIFY: expected true or false, got "maybe")"});
  EXPECT_EQ(environment_problems({{"OPSDECK_MARIADB_HOST", "db\xff"}}),
            Messages{"OPSDECK_MARIADB_HOST: expected a string, got bytes that are not UTF-8"});
}

TEST(ConfigValidationTest, UnknownKeysAndSectionsSuggestCloseNames) {
  EXPECT_EQ(file_problems(R"({"mariadb": {"prot": 3306}})"),
            Messages{"F: mariadb.prot: unknown key (did you mean mariadb.port?)"});
  EXPECT_EQ(file_problems(R"({"mariadb": {"passwrd_file": "/x"}})"),
            Messages{"F: mariadb.passwrd_file: unknown key (did you mean mariadb.password_file?)"});
  EXPECT_EQ(file_problems(R"({"ui": {"workers": 8}})"),
            Messages{"F: ui.workers: unknown key (did you mean jobs.workers?)"});
  EXPECT_EQ(
      file_problems(R"({"redis": {"cluster": true}})"),
      Messages{"F: redis.cluster: unknown key; redis keys are host, port, socket, password, password_file, "
               "db, connect_timeout, replicas"});
  EXPECT_EQ(file_problems(R"({"mariabd": {}})"),
            Messages{"F: mariabd: unknown section (did you mean mariadb?)"});
  EXPECT_EQ(file_problems(R"({"mysql": {}})"),
            Messages{"F: mysql: unknown section; sections are general, ui, jobs, monitor, statsd, metrics, "
                     "mariadb, redis, stack, sync, backup, backup_age, sync_http"});
  EXPECT_EQ(file_problems(R"({"mariadb.port": 3306})"),
            Messages{R"(F: mariadb.port: keys are nested by section; write {"mariadb": {"port": ...}})"});
}

TEST(ConfigValidationTest, UnknownVariablesUnderAKnownSection) {
  EXPECT_EQ(environment_problems({{"OPSDECK_MARIADB_PROT", "3306"}}),
            Messages{"OPSDECK_MARIADB_PROT: unknown variable (did you mean OPSDECK_MARIADB_PORT?)"});
  EXPECT_EQ(
      environment_problems({{"OPSDECK_REDIS_CLUSTER_MODE", "1"}}),
      Messages{"OPSDECK_REDIS_CLUSTER_MODE: unknown variable; docs/configuration.md lists every OPSDECK_* "
               "variable"});
  // Outside the sections: other tools and tests may use their own OPSDECK_* names.
  EXPECT_EQ(environment_problems({{"OPSDECK_TEST_KEEP", "1"}, {"OPSDECK_STATE_DIR", "/tmp/x"}}), Messages{});
}

TEST(ConfigValidationTest, StructureOfTheFile) {
  EXPECT_EQ(file_problems(R"({"ui": "dark"})"),
            Messages{R"(F: ui: expected an object of ui keys, got "dark")"});
  EXPECT_EQ(
      file_problems("[1, 2]"),
      Messages{R"(F: expected a JSON object with one object per section, like {"ui": {"theme": "light"}}, )"
               "got an array"});
}

TEST(ConfigValidationTest, MalformedJsonNamesLineAndColumn) {
  EXPECT_EQ(
      file_problems("{\n  \"ui\": {\n    \"theme\": \"dark\",\n  }\n}"),
      Messages{"F: line 4, column 3: malformed JSON: syntax error while parsing object key - unexpected '}'; "
               "expected string literal"});
  EXPECT_EQ(
      file_problems(R"({"ui": {"theme": "dark")"),
      Messages{"F: line 1, column 24: malformed JSON: syntax error while parsing object - unexpected end of "
               "input; expected '}'"});
  EXPECT_EQ(file_problems("{\"jobs\": {\n  \"workers\": 1E999}}"),
            Messages{"F: line 2, column 14: malformed JSON: number overflow parsing '1E999'"});
}

TEST(ConfigValidationTest, ANamedFileMustExistTheDefaultNeedNot) {
  TempDir dir;
  auto missing = dir.path() / "missing.json";
  EXPECT_EQ(problem_messages(dir.sources({}, missing)),
            Messages{missing.string() + ": config file not found (named by --config)"});
  EXPECT_EQ(problem_messages(dir.sources({{"OPSDECK_CONFIG", missing.string()}})),
            Messages{missing.string() + ": config file not found (named by OPSDECK_CONFIG)"});
  EXPECT_EQ(problem_messages(dir.sources()), Messages{});
  auto not_found = Config::load(dir.sources({}, missing));
  ASSERT_FALSE(not_found.ok());
  EXPECT_EQ(not_found.error().category, ErrorCategory::kNotFound);
  EXPECT_EQ(problem_messages(dir.sources({}, dir.path())),
            Messages{dir.path().string() +
                     ": expected a JSON file, got a directory or device (named by --config)"});
}

TEST(ConfigValidationTest, FlagsAreCheckedToo) {
  TempDir dir;
  auto sources = dir.sources();
  sources.flags = {{"ui.max_fps", "100"}, {"ui.colour", "x"}};
  EXPECT_EQ(problem_messages(sources),
            (Messages{R"(command line: ui.colour: unknown key)",
                      R"(command line: ui.max_fps: expected an integer 1..60, got "100")"}));
}

TEST(ConfigValidationTest, ClientCertificateAndKeyGoTogether) {
  EXPECT_EQ(
      environment_problems({{"OPSDECK_MARIADB_SSL_CERT", "/etc/opsdeck/client.pem"}}),
      Messages{
          "OPSDECK_MARIADB_SSL_CERT: mariadb.ssl_key must be set too (a client certificate and its key go "
          "together)"});
  EXPECT_EQ(
      file_problems(R"({"mariadb": {"ssl_key": "/k.pem"}})"),
      Messages{"F: mariadb.ssl_key: mariadb.ssl_cert must be set too (a client certificate and its key go "
               "together)"});
}

TEST(ConfigValidationTest, EveryProblemIsReportedAndLoadJoinsThem) {
  TempDir dir;
  auto file = dir.write("config.json", R"({"ui": {"max_fps": 0, "theme": "light"}, "jobs": {"workers": 0}})");
  auto sources = dir.sources({{"OPSDECK_REDIS_PORT", "x"}}, file);
  auto loaded = Config::load(sources);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().category, ErrorCategory::kInvalidInput);
  EXPECT_EQ(loaded.error().message, file.string() + ": ui.max_fps: expected an integer 1..60, got 0\n" +
                                        file.string() + ": jobs.workers: expected an integer 1..64, got 0\n" +
                                        R"(OPSDECK_REDIS_PORT: expected an integer 1..65535, got "x")");

  // Leniently, what was valid still applies and what was not keeps its default.
  std::vector<Error> problems;
  auto lenient = Config::load_lenient(sources, problems);
  EXPECT_EQ(problems.size(), 3U);
  EXPECT_EQ(lenient.get_string("ui.theme"), "light");
  EXPECT_EQ(lenient.get_int("ui.max_fps"), 10);
  EXPECT_EQ(lenient.get_int("redis.port"), 6379);
}

TEST(ConfigValidationTest, AnInvalidOverrideKeepsTheValueBelowIt) {
  TempDir dir;
  auto file = dir.write("config.json", R"({"ui": {"max_fps": 30}})");
  std::vector<Error> problems;
  auto config = Config::load_lenient(dir.sources({{"OPSDECK_UI_MAX_FPS", "fast"}}, file), problems);
  EXPECT_EQ(problems.size(), 1U);
  EXPECT_EQ(config.get_int("ui.max_fps"), 30);
  EXPECT_EQ(config.origin("ui.max_fps"), ConfigOrigin::kFile);
}

TEST(ConfigSuggestTest, OnlyCloseNamesAreSuggested) {
  const std::vector<std::string> names = {"host", "port", "socket", "password_file"};
  EXPECT_EQ(suggest_closest("prot", names), "port");
  EXPECT_EQ(suggest_closest("Host", names), "host");
  EXPECT_EQ(suggest_closest("sockte", names), "socket");
  EXPECT_EQ(suggest_closest("pasword_fil", names), "password_file");
  EXPECT_EQ(suggest_closest("db", names), std::nullopt);
  EXPECT_EQ(suggest_closest("timeout", names), std::nullopt);
}

}  // namespace
}  // namespace opsdeck::core
