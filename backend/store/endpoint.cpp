// describe_endpoint and the describe() methods of the option structs that use it.
#include "backend/store/endpoint.hpp"

#include "backend/store/mariadb_options.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::store {

std::string describe_endpoint(const std::string& host, unsigned port, const std::string& socket) {
  if (!socket.empty()) {
    return "socket " + socket;
  }
  // An IPv6 literal gets brackets so that the port stays readable.
  const bool ipv6_literal = host.find(':') != std::string::npos;
  return (ipv6_literal ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string MariadbOptions::describe() const {
  return describe_endpoint(host, port, socket);
}

std::string RedisOptions::describe() const {
  return describe_endpoint(host, port, socket);
}

}  // namespace opsdeck::store
