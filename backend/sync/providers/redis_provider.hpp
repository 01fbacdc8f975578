// The `redis` provider: each configured Redis server, in scope "redis:<name>" (name: "host:port" or
// "socket /path"). Nodes: RedisServer (version, role, memory, selected CONFIG GET values), RedisKeyspace
// (db<N>: keys, expires, avg_ttl). Relationships: HAS_KEYSPACE, REPLICATES_FROM (replica -> primary, from
// INFO replication on either side).
#pragma once

#include <vector>

#include "backend/sync/provider.hpp"
#include "backend/sync/sync_settings.hpp"

namespace opsdeck::sync {

// "keys=3,expires=1,avg_ttl=0" -> {keys: 3, expires: 1, avg_ttl: 0}; non-numbers stay text.
nlohmann::json parse_redis_info_fields(std::string_view text);

class RedisProvider final : public Provider {
 public:
  explicit RedisProvider(std::vector<RedisTarget> targets);
  std::string_view name() const override { return "redis"; }
  std::vector<ResourceScope> resources() const override;
  core::Status load(ProviderContext& context) override;

 private:
  core::Status load_server(const RedisTarget& target, ProviderContext& context);
  std::vector<RedisTarget> targets_;
};

}  // namespace opsdeck::sync
