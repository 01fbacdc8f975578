#include "backend/sync/providers/redis_master_match.hpp"

namespace opsdeck::sync {
namespace {

bool on_this_machine(const store::RedisOptions& options) {
  return !options.socket.empty() || is_loopback_host(options.host);
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::optional<std::size_t> match_redis_address(const std::vector<RedisEndpointFacts>& servers,
                                               std::size_t from, const std::string& host, unsigned port) {
  if (host.empty() || port == 0 || from >= servers.size()) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < servers.size(); ++i) {
    const store::RedisOptions& candidate = servers[i].options;
    if (i == from) {
      continue;
    }
    if (candidate.socket.empty() && candidate.host == host && candidate.port == port) {
      return i;
    }
  }
  if (!is_loopback_host(host) || !on_this_machine(servers[from].options)) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (i != from && on_this_machine(servers[i].options) && servers[i].tcp_port == port) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace opsdeck::sync
