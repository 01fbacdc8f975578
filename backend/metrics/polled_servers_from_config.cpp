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
    PolledServer server{replica.name, ServerKind::kMariadb, *configured, {}, false, "replica"};
    server.mariadb.host = replica.host;
    server.mariadb.port = replica.port;
    server.mariadb.socket = replica.socket;
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
  return servers;
}

}  // namespace opsdeck::metrics
