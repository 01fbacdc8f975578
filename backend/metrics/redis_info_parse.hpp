// Socket-free parsing of Redis INFO for the poller: the key/value pairs into a sample, two samples into
// rates, plus keyspaces ("db0:keys=1,expires=0,avg_ttl=0") and replication (role, link, offsets, replicas).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "backend/metrics/server_state.hpp"

namespace opsdeck::metrics {

struct RedisInfoSample {
  std::string version;
  std::int64_t uptime_seconds = 0;
  std::int64_t total_commands = 0;
  std::int64_t instantaneous_ops = 0;
  std::int64_t used_memory = 0;
  std::int64_t connected_clients = 0;
  std::int64_t keyspace_hits = 0;
  std::int64_t keyspace_misses = 0;
  std::vector<RedisStatus::Keyspace> keyspaces;
  ReplicationState replication;
};

// From RedisClient::info() / store::parse_redis_info(): "key" -> "value" in reply order.
RedisInfoSample parse_redis_info_sample(const std::vector<std::pair<std::string, std::string>>& info);

// The status at `current`; with a previous sample `seconds` earlier, the rates over the interval, the
// poller's own commands (`own_commands`, its INFO) not counted. A counter that went backwards (restart)
// gives no rates.
RedisStatus redis_status_from(const RedisInfoSample& current, const RedisInfoSample* previous, double seconds,
                              std::int64_t own_commands);

}  // namespace opsdeck::metrics
