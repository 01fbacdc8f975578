// The shared fixture (tests/support/test_servers): one stack per binary, reachable through the options it
// hands out, and stop/start/restart for reconnect tests.
#include "tests/support/test_servers.hpp"

#include <gtest/gtest.h>

#include "backend/core/process.hpp"
#include "backend/stack/pid_file.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;

pid_t mariadb_pid() {
  return stack::read_pid_file(state_dir() / "stack" / "mariadb" / "mariadbd.pid").value_or(0);
}
pid_t redis_pid() {
  return stack::read_pid_file(state_dir() / "stack" / "redis" / "redis.pid").value_or(0);
}

bool redis_answers() {
  auto client = store::RedisClient::connect(redis_options());
  return client.ok() && (*client)->command({"PING"}).value_or(store::RedisReply{}).text == "PONG";
}

bool mariadb_answers() {
  auto connection = store::MariadbConnection::connect(mariadb_options());
  return connection.ok() && (*connection)->execute_plain("SELECT 1").ok();
}

TEST(TestServersTest, OneStackPerBinaryOnShortUnixSockets) {
  ASSERT_TRUE(servers_ready());
  EXPECT_TRUE(mariadb_answers());
  EXPECT_TRUE(redis_answers());
  EXPECT_LE(mariadb_options().socket.size(), 107U);
  EXPECT_TRUE(mariadb_options().host.empty());
  EXPECT_EQ(mariadb_options().database, "opsdeck");
  EXPECT_EQ(state_dir().parent_path(), "/tmp");
  const auto first = state_dir();
  EXPECT_EQ(state_dir(), first) << "the stack must be shared, not made per call";
  EXPECT_TRUE(fs::exists(opsdeck_binary())) << opsdeck_binary();
}

TEST(TestServersTest, RestartMariadbGivesANewProcessOnTheSameSocket) {
  ASSERT_TRUE(servers_ready());
  const pid_t before = mariadb_pid();
  ASSERT_TRUE(restart_mariadb());
  EXPECT_NE(mariadb_pid(), before);
  EXPECT_FALSE(core::pid_alive(before));
  EXPECT_TRUE(mariadb_answers());
}

TEST(TestServersTest, StopAndStartRedis) {
  ASSERT_TRUE(servers_ready());
  ASSERT_TRUE(stop_redis());
  EXPECT_FALSE(redis_answers());
  EXPECT_TRUE(stop_redis()) << "stopping twice is fine";
  ASSERT_TRUE(start_redis());
  EXPECT_TRUE(redis_answers());
  const pid_t before = redis_pid();
  ASSERT_TRUE(restart_redis());
  EXPECT_NE(redis_pid(), before);
  EXPECT_TRUE(redis_answers());
}

TEST(TestServersTest, StopAndStartMariadb) {
  ASSERT_TRUE(servers_ready());
  ASSERT_TRUE(stop_mariadb());
  EXPECT_FALSE(mariadb_answers());
  ASSERT_TRUE(start_mariadb());
  EXPECT_TRUE(mariadb_answers());
}

}  // namespace
}  // namespace opsdeck::testing
