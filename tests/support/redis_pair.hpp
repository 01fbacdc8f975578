// Two private redis-servers for replication tests, in a directory of the test's own: a primary on a unix
// socket and a free 127.0.0.1 port (REPLICAOF needs TCP), and a replica on a unix socket only (no TCP
// listener) that replicates from the primary. Stopping the replica touches nothing else; the destructor
// kills and reaps both.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "backend/core/process.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::testing {

class RedisPair {
 public:
  // Starts both and waits (bounded) until each answers; nullptr with a test failure when one does not.
  static std::unique_ptr<RedisPair> start(const std::filesystem::path& directory);

  unsigned primary_port() const { return primary_port_; }
  store::RedisOptions primary_tcp() const;  // 127.0.0.1:<port>
  store::RedisOptions primary_socket() const;
  store::RedisOptions replica_socket() const;

  // Until the replica reports master_link_status:up (at most about 10 s).
  ::testing::AssertionResult wait_linked() const;
  // SIGTERM, then waits until the process is gone.
  ::testing::AssertionResult stop_replica();

 private:
  RedisPair() = default;
  std::filesystem::path directory_;
  unsigned primary_port_ = 0;
  std::optional<core::ChildProcess> primary_;
  std::optional<core::ChildProcess> replica_;
};

}  // namespace opsdeck::testing
