// Which configured Redis server a replica's master_host:master_port names: exact TCP addresses, loopback
// addresses only between servers on this machine (by the candidate's own tcp_port), never the replica
// itself, never port 0.
#include "backend/sync/providers/redis_master_match.hpp"

#include <gtest/gtest.h>

namespace opsdeck::sync {
namespace {

RedisEndpointFacts tcp(const std::string& host, unsigned port) {
  RedisEndpointFacts facts;
  facts.options.host = host;
  facts.options.port = port;
  facts.tcp_port = port;
  return facts;
}

RedisEndpointFacts socket(const std::string& path, unsigned tcp_port) {
  RedisEndpointFacts facts;
  facts.options.socket = path;
  facts.tcp_port = tcp_port;
  return facts;
}

TEST(RedisMasterMatchTest, AConfiguredTcpAddressMatchesExactly) {
  std::vector<RedisEndpointFacts> servers{tcp("cache1.example", 6379), tcp("cache2.example", 6379)};
  EXPECT_EQ(match_redis_address(servers, 1, "cache1.example", 6379), std::optional<std::size_t>(0));
  EXPECT_EQ(match_redis_address(servers, 1, "cache1.example", 6380), std::nullopt);
  EXPECT_EQ(match_redis_address(servers, 1, "10.0.0.1", 6379), std::nullopt) << "no name resolution";
  EXPECT_EQ(match_redis_address(servers, 0, "cache1.example", 6379), std::nullopt) << "never itself";
}

TEST(RedisMasterMatchTest, LoopbackMatchesOnlyBetweenServersOfThisMachine) {
  // The primary is configured by socket and listens on 7001; the replica (socket only) says 127.0.0.1:7001.
  std::vector<RedisEndpointFacts> servers{socket("/run/p.sock", 7001), socket("/run/r.sock", 0)};
  EXPECT_EQ(match_redis_address(servers, 1, "127.0.0.1", 7001), std::optional<std::size_t>(0));
  EXPECT_EQ(match_redis_address(servers, 1, "localhost", 7001), std::optional<std::size_t>(0));
  EXPECT_EQ(match_redis_address(servers, 1, "127.0.0.1", 7002), std::nullopt);
  EXPECT_EQ(match_redis_address(servers, 1, "10.0.0.5", 7001), std::nullopt) << "not a loopback address";
  // A replica reached over the network means its own loopback, not ours.
  std::vector<RedisEndpointFacts> remote{socket("/run/p.sock", 7001), tcp("cache2.example", 6379)};
  EXPECT_EQ(match_redis_address(remote, 1, "127.0.0.1", 7001), std::nullopt);
}

TEST(RedisMasterMatchTest, PortZeroAndEmptyHostMatchNothing) {
  std::vector<RedisEndpointFacts> servers{socket("/run/p.sock", 0), socket("/run/r.sock", 0)};
  EXPECT_EQ(match_redis_address(servers, 0, "127.0.0.1", 0), std::nullopt);
  EXPECT_EQ(match_redis_address(servers, 0, "", 6379), std::nullopt);
  EXPECT_EQ(match_redis_address(servers, 5, "127.0.0.1", 6379), std::nullopt);
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("1270.0.0.1"));
}

}  // namespace
}  // namespace opsdeck::sync
