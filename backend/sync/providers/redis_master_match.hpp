// Which configured Redis server a replica's INFO replication points at. A replica only says
// master_host:master_port as it was told (REPLICAOF), so a link is made only where that address can be
// matched honestly:
// - a server configured by TCP at exactly that host and port; or
// - a loopback master address (127.0.0.1, ::1, localhost) when the replica and the candidate are both on
//   this machine (configured by unix socket or a loopback host) and the candidate's own INFO tcp_port is
//   that port: one machine, one listener per port.
// A server configured by socket whose TCP port is 0, or a replica on another host naming a loopback
// address, matches nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backend/store/redis_client.hpp"

namespace opsdeck::sync {

struct RedisEndpointFacts {
  store::RedisOptions options;  // how it is configured
  unsigned tcp_port = 0;        // INFO server tcp_port (0: no TCP listener or not known)
};

bool is_loopback_host(const std::string& host);

// The index in `servers` of the server at host:port as seen from `servers[from]` (not `from` itself);
// empty when none matches.
std::optional<std::size_t> match_redis_address(const std::vector<RedisEndpointFacts>& servers,
                                               std::size_t from, const std::string& host, unsigned port);

}  // namespace opsdeck::sync
