// The `mariadb.replicas` and `redis.replicas` settings: comma-separated `name=host:port`,
// `name=[v6addr]:port` or `name=/path/to/socket` entries ("name=" optional; the port defaults to the
// service's, 3306 or 6379). Socket-free, so every error message is tested.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"

namespace opsdeck::metrics {

struct ReplicaEndpoint {
  std::string name;  // as given, else the address as written
  std::string host;  // empty when `socket` is used
  unsigned port = 3306;
  std::string socket;
};

// `options` (a primary's MariadbOptions or RedisOptions: user, password, TLS, db) aimed at `endpoint`.
template <typename Options>
Options options_at(Options options, const ReplicaEndpoint& endpoint) {
  options.host = endpoint.host;
  options.port = endpoint.port;
  options.socket = endpoint.socket;
  return options;
}

// Empty or blank text gives no replicas. Errors name `config_key`, the entry and what was expected.
core::Result<std::vector<ReplicaEndpoint>> parse_replica_list(
    std::string_view text, std::string_view config_key = "mariadb.replicas", unsigned default_port = 3306);

}  // namespace opsdeck::metrics
