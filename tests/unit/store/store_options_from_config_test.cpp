// mariadb_options_from_config / redis_options_from_config: every key lands in the right option.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "backend/core/config.hpp"
#include "backend/store/store_options_from_config.hpp"

namespace opsdeck::store {
namespace {

class StoreOptionsFromConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "opsdeck-store-config-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  core::ConfigSources sources(std::map<std::string, std::string> environment) const {
    core::ConfigSources sources;
    sources.environment = std::move(environment);
    sources.environment.emplace("HOME", directory_.string());
    return sources;
  }

  core::Config load(std::map<std::string, std::string> environment) {
    auto loaded = core::Config::load(sources(environment));
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().describe());
    return loaded.ok() ? std::move(loaded).value()
                       : core::Config::load_lenient(sources(environment), problems_);
  }

  std::filesystem::path directory_;
  std::vector<core::Error> problems_;
};

TEST_F(StoreOptionsFromConfigTest, DefaultsMeanNotConfiguredWithVerificationOn) {
  auto options = mariadb_options_from_config(load({}));
  ASSERT_TRUE(options.ok()) << options.error().describe();
  EXPECT_TRUE(options->host.empty());
  EXPECT_TRUE(options->socket.empty());
  EXPECT_EQ(options->port, 3306u);
  EXPECT_EQ(options->database, "opsdeck");
  EXPECT_TRUE(options->password.empty());
  EXPECT_FALSE(options->tls.enabled);
  EXPECT_TRUE(options->tls.verify_server);
  EXPECT_EQ(options->connect_timeout, std::chrono::seconds(5));

  auto redis = redis_options_from_config(load({}));
  ASSERT_TRUE(redis.ok()) << redis.error().describe();
  EXPECT_TRUE(redis->host.empty());
  EXPECT_EQ(redis->port, 6379u);
  EXPECT_EQ(redis->db, 0);
  EXPECT_EQ(redis->connect_timeout, std::chrono::milliseconds(5000));
}

TEST_F(StoreOptionsFromConfigTest, ReadsEveryMariadbKey) {
  auto options = mariadb_options_from_config(load({
      {"OPSDECK_MARIADB_HOST", "db1.example.net"},
      {"OPSDECK_MARIADB_PORT", "3307"},
      {"OPSDECK_MARIADB_SOCKET", "/run/mysqld/mysqld.sock"},
      {"OPSDECK_MARIADB_USER", "ops"},
      {"OPSDECK_MARIADB_PASSWORD", "s3cret-password"},
      {"OPSDECK_MARIADB_DATABASE", "inventory"},
      {"OPSDECK_MARIADB_SSL_CA", "/etc/ssl/ca.pem"},
      {"OPSDECK_MARIADB_SSL_CERT", "/etc/ssl/client.pem"},
      {"OPSDECK_MARIADB_SSL_KEY", "/etc/ssl/client.key"},
      {"OPSDECK_MARIADB_SSL_VERIFY", "false"},
      {"OPSDECK_MARIADB_CONNECT_TIMEOUT", "12"},
  }));
  ASSERT_TRUE(options.ok()) << options.error().describe();
  EXPECT_EQ(options->host, "db1.example.net");
  EXPECT_EQ(options->port, 3307u);
  EXPECT_EQ(options->socket, "/run/mysqld/mysqld.sock");
  EXPECT_EQ(options->user, "ops");
  EXPECT_EQ(options->password.reveal(), "s3cret-password");
  EXPECT_EQ(options->database, "inventory");
  EXPECT_EQ(options->tls.ca_file, "/etc/ssl/ca.pem");
  EXPECT_EQ(options->tls.cert_file, "/etc/ssl/client.pem");
  EXPECT_EQ(options->tls.key_file, "/etc/ssl/client.key");
  EXPECT_TRUE(options->tls.enabled);
  EXPECT_FALSE(options->tls.verify_server);
  EXPECT_EQ(options->connect_timeout, std::chrono::seconds(12));
  EXPECT_EQ(options->describe(), "socket /run/mysqld/mysqld.sock");
}

TEST_F(StoreOptionsFromConfigTest, AnySslFileTurnsTlsOn) {
  auto options = mariadb_options_from_config(load({{"OPSDECK_MARIADB_SSL_CA", "/etc/ssl/ca.pem"}}));
  ASSERT_TRUE(options.ok()) << options.error().describe();
  EXPECT_TRUE(options->tls.enabled);
  EXPECT_TRUE(options->tls.verify_server);
}

TEST_F(StoreOptionsFromConfigTest, CertificateWithoutKeyIsAnError) {
  // Config::load already refuses this; a leniently loaded Config (`config check`) still must not connect.
  const core::Config lenient =
      core::Config::load_lenient(sources({{"OPSDECK_MARIADB_SSL_CERT", "/etc/ssl/client.pem"}}), problems_);
  EXPECT_FALSE(problems_.empty());
  auto options = mariadb_options_from_config(lenient);
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.error().category, core::ErrorCategory::kInvalidInput);
  EXPECT_NE(options.error().message.find("mariadb.ssl_key"), std::string::npos) << options.error().message;
}

TEST_F(StoreOptionsFromConfigTest, ReadsEveryRedisKey) {
  auto options = redis_options_from_config(load({
      {"OPSDECK_REDIS_HOST", "cache"},
      {"OPSDECK_REDIS_PORT", "6380"},
      {"OPSDECK_REDIS_SOCKET", "/run/redis/redis.sock"},
      {"OPSDECK_REDIS_PASSWORD", "redis-password"},
      {"OPSDECK_REDIS_DB", "3"},
      {"OPSDECK_REDIS_CONNECT_TIMEOUT", "2"},
  }));
  ASSERT_TRUE(options.ok()) << options.error().describe();
  EXPECT_EQ(options->host, "cache");
  EXPECT_EQ(options->port, 6380u);
  EXPECT_EQ(options->socket, "/run/redis/redis.sock");
  EXPECT_EQ(options->password.reveal(), "redis-password");
  EXPECT_EQ(options->db, 3);
  EXPECT_EQ(options->connect_timeout, std::chrono::milliseconds(2000));
}

}  // namespace
}  // namespace opsdeck::store
