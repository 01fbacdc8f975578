// Config: defaults, the file, environment and flag overrides, where the file and the state directory are.
#include "backend/core/config.hpp"

#include <gtest/gtest.h>

#include "tests/unit/core/config_test_support.hpp"

namespace opsdeck::core {
namespace {

using testing::TempDir;

TEST(ConfigTest, DefaultConstructedConfigAnswersWithDefaults) {
  Config config;
  EXPECT_EQ(config.get_string("ui.theme"), "dark");
  EXPECT_EQ(config.get_int("ui.max_fps"), 10);
  EXPECT_TRUE(config.get_bool("mariadb.ssl_verify"));
  EXPECT_EQ(config.get_path("mariadb.socket"), std::filesystem::path());
  EXPECT_TRUE(config.get_secret("mariadb.password").empty());
  EXPECT_FALSE(config.is_set("ui.theme"));
  EXPECT_EQ(config.origin("ui.theme"), ConfigOrigin::kDefault);
}

TEST(ConfigTest, WithoutAnyConfigurationEveryKeyHasItsDefault) {
  TempDir dir;
  auto loaded = Config::load(dir.sources());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_FALSE(loaded->file().has_value());
  EXPECT_EQ(loaded->file_location(), dir.home() / ".config/opsdeck/config.json");
  EXPECT_EQ(loaded->get_string("general.log_level"), "info");
  EXPECT_EQ(loaded->get_int("mariadb.port"), 3306);
  EXPECT_EQ(loaded->get_string("mariadb.database"), "opsdeck");
  EXPECT_EQ(loaded->get_int("redis.port"), 6379);
  EXPECT_EQ(loaded->get_int("jobs.workers"), 4);
  EXPECT_EQ(loaded->get_int("monitor.interval_ms"), 1000);
  EXPECT_FALSE(loaded->get_bool("ui.ascii"));
  EXPECT_FALSE(mariadb_configured(*loaded));
  EXPECT_FALSE(redis_configured(*loaded));
  for (const auto& key : config_schema()) {
    EXPECT_FALSE(loaded->is_set(key.name)) << key.name;
  }
}

TEST(ConfigTest, ReadsNestedSectionsFromTheNamedFile) {
  TempDir dir;
  auto file = dir.write("opsdeck.json", R"({
    // why: the replica set lives on db1
    "mariadb": {"host": "db1", "port": 3307, "ssl_verify": false},
    "ui": {"theme": "light", "max_fps": 30},
    "stack": {"mariadbd": "~/bin/mariadbd"}
  })");
  auto loaded = Config::load(dir.sources({}, file));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->file(), file);
  EXPECT_EQ(loaded->get_string("mariadb.host"), "db1");
  EXPECT_EQ(loaded->get_int("mariadb.port"), 3307);
  EXPECT_FALSE(loaded->get_bool("mariadb.ssl_verify"));
  EXPECT_EQ(loaded->get_string("ui.theme"), "light");
  EXPECT_EQ(loaded->get_int("ui.max_fps"), 30);
  EXPECT_EQ(loaded->get_path("stack.mariadbd"), dir.home() / "bin/mariadbd");
  EXPECT_EQ(loaded->origin("mariadb.host"), ConfigOrigin::kFile);
  EXPECT_EQ(loaded->origin("redis.host"), ConfigOrigin::kDefault);
  EXPECT_TRUE(mariadb_configured(*loaded));
  EXPECT_FALSE(redis_configured(*loaded));
}

TEST(ConfigTest, AnEmptyFileIsAnEmptyConfiguration) {
  TempDir dir;
  auto loaded = Config::load(dir.sources({}, dir.write("config.json", "\n")));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->get_string("ui.theme"), "dark");
}

TEST(ConfigTest, FileLocationPrecedence) {
  TempDir dir;
  auto named = dir.write("named.json", R"({"ui": {"theme": "named"}})");
  auto from_variable = dir.write("variable.json", R"({"ui": {"theme": "variable"}})");
  dir.write("xdg/opsdeck/config.json", R"({"ui": {"theme": "xdg"}})");
  dir.write("home/.config/opsdeck/config.json", R"({"ui": {"theme": "home"}})");
  std::map<std::string, std::string> environment = {{"OPSDECK_CONFIG", from_variable.string()},
                                                    {"XDG_CONFIG_HOME", (dir.path() / "xdg").string()}};

  EXPECT_EQ(Config::load(dir.sources(environment, named))->get_string("ui.theme"), "named");
  EXPECT_EQ(Config::load(dir.sources(environment))->get_string("ui.theme"), "variable");
  environment.erase("OPSDECK_CONFIG");
  EXPECT_EQ(Config::load(dir.sources(environment))->get_string("ui.theme"), "xdg");
  // A relative XDG_CONFIG_HOME is invalid by the XDG spec and ignored.
  environment["XDG_CONFIG_HOME"] = "relative/xdg";
  EXPECT_EQ(Config::load(dir.sources(environment))->get_string("ui.theme"), "home");
  environment.erase("XDG_CONFIG_HOME");
  EXPECT_EQ(Config::load(dir.sources(environment))->get_string("ui.theme"), "home");
}

TEST(ConfigTest, TildeInTheNamedFileIsExpanded) {
  TempDir dir;
  dir.write("home/my.json", R"({"jobs": {"workers": 8}})");
  auto loaded = Config::load(dir.sources({}, std::filesystem::path("~/my.json")));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->get_int("jobs.workers"), 8);
}

TEST(ConfigTest, EnvironmentBeatsFileAndFlagsBeatEnvironment) {
  TempDir dir;
  auto file = dir.write("config.json", R"({"ui": {"theme": "light", "max_fps": 30, "ascii": false},
                                           "mariadb": {"host": "db1"}})");
  auto sources = dir.sources({{"OPSDECK_UI_THEME", "solarized"},
                              {"OPSDECK_UI_MAX_FPS", "60"},
                              {"OPSDECK_UI_ASCII", "yes"},
                              {"OPSDECK_MARIADB_SSL_CA", "~/ca.pem"},
                              {"OPSDECK_MARIADB_PORT", ""}},  // empty counts as unset
                             file);
  sources.flags = {{"ui.theme", "mono"}, {"ui.no_color", ""}};
  auto loaded = Config::load(sources);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->get_string("ui.theme"), "mono");
  EXPECT_EQ(loaded->origin("ui.theme"), ConfigOrigin::kFlag);
  EXPECT_EQ(loaded->get_int("ui.max_fps"), 60);
  EXPECT_EQ(loaded->origin("ui.max_fps"), ConfigOrigin::kEnvironment);
  EXPECT_TRUE(loaded->get_bool("ui.ascii"));
  EXPECT_EQ(loaded->get_path("mariadb.ssl_ca"), dir.home() / "ca.pem");
  EXPECT_EQ(loaded->get_string("mariadb.host"), "db1");
  EXPECT_EQ(loaded->origin("mariadb.host"), ConfigOrigin::kFile);
  EXPECT_EQ(loaded->get_int("mariadb.port"), 3306);
  EXPECT_EQ(loaded->origin("mariadb.port"), ConfigOrigin::kDefault);
  EXPECT_FALSE(loaded->is_set("ui.no_color"));
}

TEST(ConfigTest, BooleanVariablesAcceptTheUsualSpellings) {
  TempDir dir;
  for (const auto& [text, expected] : std::map<std::string, bool>{{"true", true},
                                                                  {"1", true},
                                                                  {"YES", true},
                                                                  {"on", true},
                                                                  {"false", false},
                                                                  {"0", false},
                                                                  {"no", false},
                                                                  {" Off ", false}}) {
    auto loaded = Config::load(dir.sources({{"OPSDECK_UI_NO_COLOR", text}}));
    ASSERT_TRUE(loaded.ok()) << text << ": " << loaded.error().message;
    EXPECT_EQ(loaded->get_bool("ui.no_color"), expected) << text;
  }
}

TEST(ConfigTest, StateDirPrecedence) {
  TempDir dir;
  auto file = dir.write("config.json", R"({"general": {"state_dir": "~/from-file"}})");
  std::map<std::string, std::string> environment = {
      {"OPSDECK_STATE_DIR", (dir.path() / "env").string()},
      {"OPSDECK_GENERAL_STATE_DIR", (dir.path() / "long").string()},
      {"XDG_STATE_HOME", (dir.path() / "xdg").string()}};
  auto with_flag = dir.sources(environment, file);
  with_flag.state_dir = dir.path() / "flag";
  EXPECT_EQ(Config::load(with_flag)->state_dir(), dir.path() / "flag");
  EXPECT_EQ(Config::load(with_flag)->origin("general.state_dir"), ConfigOrigin::kFlag);

  EXPECT_EQ(Config::load(dir.sources(environment, file))->state_dir(), dir.path() / "env");
  environment.erase("OPSDECK_STATE_DIR");
  EXPECT_EQ(Config::load(dir.sources(environment, file))->state_dir(), dir.path() / "long");
  environment.erase("OPSDECK_GENERAL_STATE_DIR");
  EXPECT_EQ(Config::load(dir.sources(environment, file))->state_dir(), dir.home() / "from-file");
  EXPECT_EQ(Config::load(dir.sources(environment))->state_dir(), dir.path() / "xdg/opsdeck");
  environment["XDG_STATE_HOME"] = "relative";  // ignored, as the XDG spec says
  EXPECT_EQ(Config::load(dir.sources(environment))->state_dir(), dir.home() / ".local/state/opsdeck");
  environment.erase("XDG_STATE_HOME");
  EXPECT_EQ(Config::load(dir.sources(environment))->state_dir(), dir.home() / ".local/state/opsdeck");
}

TEST(ConfigTest, RelativeStateDirFlagBecomesAbsolute) {
  TempDir dir;
  auto sources = dir.sources();
  sources.state_dir = "relative/state";
  auto loaded = Config::load(sources);
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->state_dir().is_absolute());
  EXPECT_EQ(loaded->state_dir(), std::filesystem::current_path() / "relative/state");
}

TEST(ConfigTest, SocketAloneMeansConfigured) {
  TempDir dir;
  auto loaded = Config::load(dir.sources({{"OPSDECK_REDIS_SOCKET", "/run/redis/redis.sock"}}));
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(redis_configured(*loaded));
  EXPECT_FALSE(mariadb_configured(*loaded));
}

TEST(ConfigTest, EnvVarForMapsSectionAndKey) {
  EXPECT_EQ(env_var_for("mariadb.ssl_ca"), "OPSDECK_MARIADB_SSL_CA");
  EXPECT_EQ(env_var_for("ui.max_fps"), "OPSDECK_UI_MAX_FPS");
  EXPECT_EQ(env_var_for("stack.redis_server"), "OPSDECK_STACK_REDIS_SERVER");
}

TEST(ConfigTest, EffectiveMaskedListsEveryKeyWithItsOrigin) {
  TempDir dir;
  auto file = dir.write("config.json", R"({"redis": {"db": 3}})");
  auto loaded = Config::load(dir.sources({{"OPSDECK_JOBS_WORKERS", "8"}}, file));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto values = loaded->effective_masked();
  EXPECT_EQ(values.size(), config_schema().size());
  EXPECT_EQ(values["redis.db"], (nlohmann::json{{"value", 3}, {"origin", "file"}}));
  EXPECT_EQ(values["jobs.workers"], (nlohmann::json{{"value", 8}, {"origin", "env"}}));
  EXPECT_EQ(values["ui.theme"], (nlohmann::json{{"value", "dark"}, {"origin", "default"}}));
  EXPECT_EQ(values["mariadb.password"], (nlohmann::json{{"value", "(not set)"}, {"origin", "default"}}));
}

}  // namespace
}  // namespace opsdeck::core
