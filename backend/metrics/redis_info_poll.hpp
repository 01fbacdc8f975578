// RedisInfoPoll: one Redis server's poll over an open client — INFO, rates from the delta to the previous
// poll, keyspaces and replication. Keeps the previous sample for the next poll.
#pragma once

#include <chrono>
#include <optional>

#include "backend/core/result.hpp"
#include "backend/metrics/redis_info_parse.hpp"
#include "backend/metrics/server_state.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::metrics {

class RedisInfoPoll {
 public:
  core::Status poll(store::RedisClient& client, ServerState& state);
  // Forget the previous sample: the next poll has no rates (after the connection was lost).
  void reset() { previous_.reset(); }

 private:
  std::optional<RedisInfoSample> previous_;
  std::chrono::steady_clock::time_point previous_at_{};
};

}  // namespace opsdeck::metrics
