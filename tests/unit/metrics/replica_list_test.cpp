// mariadb.replicas: every accepted form, and errors that name the entry and what was expected.
#include "backend/metrics/replica_list.hpp"

#include <gtest/gtest.h>

namespace opsdeck::metrics {
namespace {

TEST(ReplicaListTest, EmptyMeansNoReplicas) {
  auto replicas = parse_replica_list("  ");
  ASSERT_TRUE(replicas.ok());
  EXPECT_TRUE(replicas->empty());
}

TEST(ReplicaListTest, AcceptsHostPortSocketAndIpv6) {
  auto replicas = parse_replica_list("r1=db2.example:3307, r2=/run/mysqld/r2.sock ,r3=[::1]:3310, db4");
  ASSERT_TRUE(replicas.ok()) << replicas.error().message;
  ASSERT_EQ(replicas->size(), 4u);
  EXPECT_EQ((*replicas)[0].name, "r1");
  EXPECT_EQ((*replicas)[0].host, "db2.example");
  EXPECT_EQ((*replicas)[0].port, 3307u);
  EXPECT_EQ((*replicas)[1].name, "r2");
  EXPECT_EQ((*replicas)[1].socket, "/run/mysqld/r2.sock");
  EXPECT_EQ((*replicas)[1].host, "");
  EXPECT_EQ((*replicas)[2].host, "::1");
  EXPECT_EQ((*replicas)[2].port, 3310u);
  EXPECT_EQ((*replicas)[3].name, "db4");
  EXPECT_EQ((*replicas)[3].host, "db4");
  EXPECT_EQ((*replicas)[3].port, 3306u);
}

TEST(ReplicaListTest, BadEntriesAreNamed) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const auto& [text, message] :
       {Case{"r1=db:0", "entry 1 `r1=db:0`: port `0` is not 1..65535"},
        Case{"r1=db:1, =db2", "entry 2 `=db2`: the name before `=` is empty"},
        Case{"r1=", "entry 1 `r1=`: no address"}, Case{"r1=::1:3306", "an IPv6 address needs brackets"},
        Case{"r1=[::1", "`[` without `]`"}, Case{"r1=db:", "port `` is not 1..65535"},
        Case{"r1=db:33x", "port `33x` is not 1..65535"}}) {
    auto replicas = parse_replica_list(text);
    ASSERT_FALSE(replicas.ok()) << text;
    EXPECT_NE(replicas.error().message.find(message), std::string::npos) << replicas.error().message;
    EXPECT_NE(replicas.error().message.find("mariadb.replicas"), std::string::npos);
    EXPECT_NE(replicas.error().message.find("expected name=host:port"), std::string::npos);
  }
}

TEST(ReplicaListTest, RedisReplicasDefaultToItsPortAndAreNamedInErrors) {
  auto replicas = parse_replica_list("cache2=10.0.0.2, cache3=10.0.0.3:6380", "redis.replicas", 6379);
  ASSERT_TRUE(replicas.ok()) << replicas.error().message;
  ASSERT_EQ(replicas->size(), 2u);
  EXPECT_EQ((*replicas)[0].port, 6379u);
  EXPECT_EQ((*replicas)[1].port, 6380u);
  auto bad = parse_replica_list("cache2=10.0.0.2:0", "redis.replicas", 6379);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("config key redis.replicas: entry 1 `cache2=10.0.0.2:0`"),
            std::string::npos)
      << bad.error().message;
}

TEST(ReplicaListTest, OptionsAtAnEndpointKeepTheRest) {
  struct Options {
    std::string host;
    unsigned port = 0;
    std::string socket;
    int db = 0;
  };
  auto replicas = parse_replica_list("r=/run/r.sock", "redis.replicas", 6379);
  ASSERT_TRUE(replicas.ok());
  Options aimed = options_at(Options{"primary", 7000, "", 3}, replicas->front());
  EXPECT_EQ(aimed.host, "");
  EXPECT_EQ(aimed.port, 6379u);
  EXPECT_EQ(aimed.socket, "/run/r.sock");
  EXPECT_EQ(aimed.db, 3);
}

}  // namespace
}  // namespace opsdeck::metrics
