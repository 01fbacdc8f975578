// The `redis` provider: each configured Redis server (redis.* and each of redis.replicas), in scope
// "redis:<name>" (name: "host:port" or "socket /path"). Nodes: RedisServer (version, role, memory, selected
// CONFIG GET values), RedisKeyspace (db<N>: keys, expires, avg_ttl). Relationships: HAS_KEYSPACE,
// REPLICATES_FROM (replica -> primary, from INFO replication on either side). When both ends are
// configured, the link joins their two nodes (redis_master_match.hpp says when an address matches) and is
// written once, in the replica's scope; otherwise it names "redis:host:port" as INFO gives it.
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
  std::vector<RedisTarget> targets_;
};

}  // namespace opsdeck::sync
