// The `mariadb.replicas` setting: comma-separated `name=host:port`, `name=[v6addr]:port` or
// `name=/path/to/socket` entries ("name=" optional; the port defaults to 3306). Socket-free, so every error
// message is tested.
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

// Empty or blank text gives no replicas. Errors name the entry and what was expected.
core::Result<std::vector<ReplicaEndpoint>> parse_replica_list(std::string_view text);

}  // namespace opsdeck::metrics
