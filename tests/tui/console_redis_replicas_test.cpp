// redis.replicas in the real console: a private primary/replica pair (tests/support/redis_pair.hpp) gives
// one Databases card per Redis server, the replica's naming its primary; stopping the replica turns its
// card alone DOWN while the others stay up.
#include <gtest/gtest.h>

#include "tests/support/console_session.hpp"
#include "tests/support/redis_pair.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::testing {
namespace {

TEST(ConsoleRedisReplicasTest, ACardPerRedisServerAndOnlyTheStoppedReplicaGoesDown) {
  TemporaryDirectory scratch;
  auto pair = RedisPair::start(scratch.path() / "pair");
  ASSERT_NE(pair, nullptr);
  ASSERT_TRUE(pair->wait_linked());
  ConsoleSession console(
      ConsoleOptions::sized(150, 48)
          .with_environment("OPSDECK_REDIS_SOCKET", pair->primary_socket().socket)
          .with_environment("OPSDECK_REDIS_REPLICAS", "cache-replica=" + pair->replica_socket().socket));
  ASSERT_TRUE(console.wait_drawn());
  console.send_keys({":"});
  console.send_text("databases");
  console.send_keys({"Enter"});
  const std::string source = "replica of 127.0.0.1:" + std::to_string(pair->primary_port());
  ASSERT_TRUE(console.wait_until(
      "three cards up, the replica's naming its primary",
      [&](const std::string& screen) {
        return screen.find("cache-replica [replica]") != std::string::npos &&
               screen.find(source) != std::string::npos &&
               screen.find("primary, 1 replica") != std::string::npos &&
               count_occurrences(screen, "● up") == 3;
      },
      kStackUpTimeout));

  ASSERT_TRUE(pair->stop_replica());
  EXPECT_TRUE(console.wait_until(
      "the replica's card alone DOWN",
      [](const std::string& screen) {
        return count_occurrences(screen, "✖ DOWN") == 1 && count_occurrences(screen, "● up") == 2 &&
               screen.find("cache-replica [replica]") != std::string::npos;
      },
      kDrawTimeout));
}

}  // namespace
}  // namespace opsdeck::testing
