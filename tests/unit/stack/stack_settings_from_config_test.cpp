// stack_settings_from_config: which configuration keys the stack reads, and their defaults.
#include "backend/stack/stack_settings_from_config.hpp"

#include <gtest/gtest.h>

namespace opsdeck::stack {
namespace {

core::ConfigSources sources(std::map<std::string, std::string> environment) {
  core::ConfigSources sources;
  sources.state_dir = "/tmp/opsdeck-settings-test";
  environment["HOME"] = "/nonexistent-home";  // no user configuration file can be found
  sources.environment = std::move(environment);
  return sources;
}

TEST(StackSettingsFromConfigTest, DefaultsAreUnixSocketsAndBinariesFromTheUsualPlaces) {
  auto config = core::Config::load(sources({}));
  ASSERT_TRUE(config.ok()) << config.error().describe();
  const auto settings = stack_settings_from_config(*config);
  EXPECT_EQ(settings.state_dir, "/tmp/opsdeck-settings-test");
  EXPECT_EQ(settings.mariadb_tcp_port, 0U);
  EXPECT_EQ(settings.redis_tcp_port, 0U);
  EXPECT_FALSE(settings.tls);
  EXPECT_EQ(settings.mariadbd_binary, "");
  EXPECT_EQ(settings.redis_binary, "");
}

TEST(StackSettingsFromConfigTest, PortsAndBinariesComeFromTheStackKeys) {
  auto config = core::Config::load(sources({{"OPSDECK_STACK_MARIADB_PORT", "13306"},
                                            {"OPSDECK_STACK_REDIS_PORT", "16379"},
                                            {"OPSDECK_STACK_MARIADBD", "/opt/mariadb/bin/mariadbd"},
                                            {"OPSDECK_STACK_REDIS_SERVER", "/opt/redis/bin/redis-server"}}));
  ASSERT_TRUE(config.ok()) << config.error().describe();
  const auto settings = stack_settings_from_config(*config);
  EXPECT_EQ(settings.mariadb_tcp_port, 13306U);
  EXPECT_EQ(settings.redis_tcp_port, 16379U);
  EXPECT_EQ(settings.mariadbd_binary, "/opt/mariadb/bin/mariadbd");
  EXPECT_EQ(settings.redis_binary, "/opt/redis/bin/redis-server");
}

TEST(StackSettingsFromConfigTest, TlsComesFromStackTls) {
  auto config = core::Config::load(sources({{"OPSDECK_STACK_TLS", "true"}}));
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_TRUE(stack_settings_from_config(*config).tls);
}

}  // namespace
}  // namespace opsdeck::stack
