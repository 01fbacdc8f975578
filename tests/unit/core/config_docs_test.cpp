// docs/configuration.md must be what the schema generates, and the schema must be internally consistent.
#include "backend/core/config_docs.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "backend/core/config.hpp"
#include "backend/core/config_value.hpp"
#include "tests/support/source_tree.hpp"

namespace opsdeck::core {
namespace {

TEST(ConfigDocsTest, ConfigurationMarkdownIsUpToDate) {
  const std::string path = opsdeck::testing::source_dir().string() + "/docs/configuration.md";
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(text.str() == render_configuration_markdown())
      << path << " is out of date with backend/core/config_schema.cpp; regenerate it with:\n"
      << "  opsdeck config docs > docs/configuration.md";
}

TEST(ConfigDocsTest, EveryKeyIsDocumentedWithItsVariable) {
  const std::string markdown = render_configuration_markdown();
  for (const auto& key : config_schema()) {
    EXPECT_NE(markdown.find("| `" + std::string(key.name) + "` | "), std::string::npos) << key.name;
    EXPECT_NE(markdown.find(env_var_for(key.name)), std::string::npos) << key.name;
  }
  EXPECT_NE(markdown.find("| `mariadb.port` | `OPSDECK_MARIADB_PORT` | integer 1..65535 | `3306` |"),
            std::string::npos);
}

TEST(ConfigSchemaTest, EveryKeyIsWellFormed) {
  std::set<std::string_view> sections;
  for (const auto& section : config_sections()) {
    sections.insert(section.name);
  }
  std::set<std::string_view> names;
  for (const auto& key : config_schema()) {
    SCOPED_TRACE(std::string(key.name));
    EXPECT_TRUE(names.insert(key.name).second) << "duplicate key";
    auto dot = key.name.find('.');
    ASSERT_NE(dot, std::string_view::npos);
    EXPECT_TRUE(sections.contains(key.name.substr(0, dot))) << "section missing from config_sections()";
    EXPECT_FALSE(key.description.empty());
    EXPECT_EQ(key.description.find('\n'), std::string_view::npos) << "descriptions are one line";
    auto default_value = nlohmann::json::parse(key.default_value, nullptr, false);
    ASSERT_FALSE(default_value.is_discarded()) << "default is not JSON text";
    if (key.type == ConfigType::kSecret) {
      EXPECT_TRUE(default_value.is_null());
      const ConfigKey* companion = find_config_key(std::string(key.name) + "_file");
      ASSERT_NE(companion, nullptr) << "a secret needs a *_file companion";
      EXPECT_EQ(companion->type, ConfigType::kPath);
    } else {
      auto checked = config_value_from_json(key, default_value);
      EXPECT_TRUE(checked.ok()) << "the default fails its own check: " << checked.error().message;
    }
  }
}

}  // namespace
}  // namespace opsdeck::core
