// mariadb:/redis: source strings: which are database sources, the default restore target of a MariaDB backup
// (its one database), and the errors for a source without a database or with a bad port.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backend/backup/database_sources.hpp"

namespace opsdeck::backup {
namespace {

using ::testing::HasSubstr;

TEST(DatabaseSourcesTest, RecognisesDatabaseSources) {
  EXPECT_TRUE(is_database_source("mariadb:/run/mysqld.sock/shop"));
  EXPECT_TRUE(is_database_source("redis:"));
  EXPECT_FALSE(is_database_source("/srv/mariadb"));
  EXPECT_FALSE(is_database_source("shop"));
}

TEST(DatabaseSourcesTest, DefaultTargetIsTheOneDatabase) {
  EXPECT_EQ(default_database_target("mariadb:/run/mysqld.sock/shop"), "shop");
  EXPECT_EQ(default_database_target("mariadb:db.internal:3307/shop"), "shop");
  EXPECT_EQ(default_database_target("mariadb:/sock/a,b"), "") << "two databases restore under their names";
  EXPECT_EQ(default_database_target("redis:/sock"), "");
}

TEST(DatabaseSourcesTest, BadSourcesAreRefusedNamingThem) {
  auto no_database = database_source_from("mariadb:/run/mysqld.sock/", {}, {}, false);
  ASSERT_FALSE(no_database.ok());
  EXPECT_THAT(no_database.error().message, HasSubstr("names no database"));
  auto bad_port = database_source_from("mariadb:db.internal:x/shop", {}, {}, false);
  ASSERT_FALSE(bad_port.ok());
  EXPECT_THAT(bad_port.error().message, HasSubstr("db.internal:x"));
  auto source = database_source_from("mariadb:db.internal:3307/shop,crm", {}, {}, false);
  ASSERT_TRUE(source.ok());
  EXPECT_EQ((*source)->kind(), "mariadb");
  EXPECT_EQ((*source)->name(), "mariadb:db.internal:3307/shop,crm");
  EXPECT_FALSE(database_source_from("postgres:/sock/db", {}, {}, false).ok());
}

}  // namespace
}  // namespace opsdeck::backup
