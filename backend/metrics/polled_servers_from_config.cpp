// The pollers connect without a default database: status needs none, and a configured server on which
// opsdeck's own database does not exist yet must still show up.
#include "backend/metrics/polled_servers_from_config.hpp"

#include "backend/metrics/replica_list.hpp"
#include "backend/store/store_options_from_config.hpp"

namespace opsdeck::metrics {

core::Result<std::vector<PolledServer>> polled_servers_from_config(const core::Config& config,
                                                                   const stack::StackEngine* stack) {
  std::vector<PolledServer> servers;
  auto configured = store::mariadb_options_from_config(config);
  if (!configured.ok()) {
    return core::Unexpected{configured.error()};
  }
  auto replicas = parse_replica_list(config.get_string("mariadb.replicas"));
  if (!replicas.ok()) {
    return core::Unexpected{replicas.error()};
  }
  if (core::mariadb_configured(config) || stack != nullptr) {
    PolledServer primary{"mariadb", ServerKind::kMariadb, {}, {}, !core::mariadb_configured(config), {}};
    primary.mariadb = core::mariadb_configured(config) ? *configured : stack->mariadb_options();
    primary.mariadb.database.clear();
    servers.push_back(std::move(primary));
  }
  for (const auto& replica : *replicas) {
    PolledServer server{replica.name, ServerKind::kMariadb, options_at(*configured, replica), {}, false,
                        "replica"};
    server.mariadb.database.clear();
    servers.push_back(std::move(server));
  }
  if (core::redis_configured(config) || stack != nullptr) {
    PolledServer redis{"redis", ServerKind::kRedis, {}, {}, !core::redis_configured(config), {}};
    if (core::redis_configured(config)) {
      auto options = store::redis_options_from_config(config);
      if (!options.ok()) {
        return core::Unexpected{options.error()};
      }
      redis.redis = std::move(*options);
    } else {
      redis.redis = stack->redis_options();
    }
    servers.push_back(std::move(redis));
  }
  // Each redis.replicas entry with the primary's password and db, polled on its own like a MariaDB replica.
  auto redis_replicas = parse_replica_list(config.get_string("redis.replicas"), "redis.replicas", 6379);
  if (!redis_replicas.ok()) {
    return core::Unexpected{redis_replicas.error()};
  }
  if (!redis_replicas->empty()) {
    auto options = store::redis_options_from_config(config);
    if (!options.ok()) {
      return core::Unexpected{options.error()};
    }
    for (const auto& replica : *redis_replicas) {
      servers.push_back(PolledServer{
          replica.name, ServerKind::kRedis, {}, options_at(*options, replica), false, "replica"});
    }
  }
  return servers;
}

}  // namespace opsdeck::metrics
