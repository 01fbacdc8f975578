// `config check` output: every key with value and origin, problems listed, JSON shape for scripts.
#include "backend/core/config_report.hpp"

#include <gtest/gtest.h>

#include "tests/unit/core/config_test_support.hpp"

namespace opsdeck::core {
namespace {

using testing::TempDir;

TEST(ConfigReportTest, TextListsEveryKeyInSchemaOrderWithOrigins) {
  TempDir dir;
  auto file = dir.write("config.json", R"({"ui": {"theme": "light"}})");
  std::vector<Error> problems;
  auto config = Config::load_lenient(dir.sources({{"OPSDECK_UI_MAX_FPS", "fast"}}, file), problems);
  const std::string text = config_report_text(config, problems);
  EXPECT_TRUE(text.starts_with("file:      " + file.string() +
                               "\nstate dir: " + (dir.home() / ".local/state/opsdeck").string() + "\n\n"))
      << text;
  EXPECT_NE(text.find("\nui.theme                   light                     file\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nmariadb.password           (not set)                 default\n"), std::string::npos) << text;
  EXPECT_LT(text.find("general.state_dir"), text.find("stack.redis_server"));
  EXPECT_TRUE(text.ends_with("\n1 problem:\n  OPSDECK_UI_MAX_FPS: expected an integer 1..60, got \"fast\"\n"))
      << text;
}

TEST(ConfigReportTest, TextSaysWhenThereIsNoFileAndNoProblem) {
  TempDir dir;
  std::vector<Error> problems;
  auto config = Config::load_lenient(dir.sources(), problems);
  const std::string text = config_report_text(config, problems);
  EXPECT_TRUE(text.starts_with("file:      none (" + (dir.home() / ".config/opsdeck/config.json").string() +
                               " not read)\n"))
      << text;
  EXPECT_TRUE(text.ends_with("\nno problems\n")) << text;
}

TEST(ConfigReportTest, JsonHasFileStateDirValidityProblemsAndValues) {
  TempDir dir;
  auto sources = dir.sources({{"OPSDECK_REDIS_DB", "99"}});
  sources.state_dir = dir.path() / "state";
  std::vector<Error> problems;
  auto config = Config::load_lenient(sources, problems);
  auto report = config_report_json(config, problems);
  EXPECT_TRUE(report["file"].is_null());
  EXPECT_EQ(report["state_dir"], (dir.path() / "state").string());
  EXPECT_EQ(report["valid"], false);
  EXPECT_EQ(report["problems"], (nlohmann::json{R"(OPSDECK_REDIS_DB: expected an integer 0..15, got "99")"}));
  EXPECT_EQ(report["values"]["general.state_dir"]["origin"], "flag");
  EXPECT_EQ(report["values"]["redis.db"], (nlohmann::json{{"value", 0}, {"origin", "default"}}));
  EXPECT_EQ(report["values"].size(), config_schema().size());
}

}  // namespace
}  // namespace opsdeck::core
