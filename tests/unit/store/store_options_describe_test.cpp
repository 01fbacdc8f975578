// describe() names a server in every message: socket path or host:port, never a credential.
#include <gtest/gtest.h>

#include "backend/store/mariadb_options.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::store {
namespace {

TEST(MariadbOptionsTest, DescribesSocketOrHostAndPort) {
  MariadbOptions options;
  options.host = "db1.example.net";
  options.port = 3307;
  EXPECT_EQ(options.describe(), "db1.example.net:3307");
  options.host = "::1";
  EXPECT_EQ(options.describe(), "[::1]:3307");
  options.socket = "/run/mysqld/mysqld.sock";
  EXPECT_EQ(options.describe(), "socket /run/mysqld/mysqld.sock");
}

TEST(MariadbOptionsTest, DescriptionNeverHoldsCredentials) {
  MariadbOptions options;
  options.host = "db1";
  options.user = "admin";
  options.password = core::Secret("hunter2-very-secret");
  EXPECT_EQ(options.describe().find("hunter2"), std::string::npos);
  EXPECT_EQ(options.describe().find("admin"), std::string::npos);
}

TEST(MariadbOptionsTest, TlsVerificationIsOnByDefault) {
  MariadbOptions options;
  EXPECT_TRUE(options.tls.verify_server);
  EXPECT_FALSE(options.tls.enabled);
}

TEST(RedisOptionsTest, DescribesSocketOrHostAndPort) {
  RedisOptions options;
  options.host = "cache";
  EXPECT_EQ(options.describe(), "cache:6379");
  options.password = core::Secret("another-secret");
  EXPECT_EQ(options.describe().find("another-secret"), std::string::npos);
  options.socket = "/tmp/redis.sock";
  EXPECT_EQ(options.describe(), "socket /tmp/redis.sock");
}

}  // namespace
}  // namespace opsdeck::store
