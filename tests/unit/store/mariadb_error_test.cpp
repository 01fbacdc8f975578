// Which MariaDB error codes mean "the connection is gone" (reconnect) and how codes map to categories.
#include <gtest/gtest.h>

#include "backend/store/mariadb_error.hpp"

namespace opsdeck::store {
namespace {

TEST(MariadbErrorTest, ServerGoneCodesTriggerReconnect) {
  EXPECT_TRUE(is_server_gone_error(2006));  // CR_SERVER_GONE_ERROR
  EXPECT_TRUE(is_server_gone_error(2013));  // CR_SERVER_LOST
  EXPECT_TRUE(is_server_gone_error(1927));  // ER_CONNECTION_KILLED
  EXPECT_FALSE(is_server_gone_error(0));
  EXPECT_FALSE(is_server_gone_error(1062));  // duplicate entry: the server is fine
  EXPECT_FALSE(is_server_gone_error(2002));  // refused on connect: nothing to reconnect yet
}

TEST(MariadbErrorTest, CategoriesFollowTheCode) {
  using core::ErrorCategory;
  EXPECT_EQ(mariadb_error_category(2006), ErrorCategory::kUnavailable);
  EXPECT_EQ(mariadb_error_category(2002), ErrorCategory::kUnavailable);
  EXPECT_EQ(mariadb_error_category(1062), ErrorCategory::kConflict);
  EXPECT_EQ(mariadb_error_category(1146), ErrorCategory::kNotFound);
  EXPECT_EQ(mariadb_error_category(1205), ErrorCategory::kTimeout);
  EXPECT_EQ(mariadb_error_category(1064), ErrorCategory::kInvalidInput);  // syntax error
  EXPECT_EQ(mariadb_error_category(2031), ErrorCategory::kProtocol);      // client-side, not the server's
}

}  // namespace
}  // namespace opsdeck::store
