// MariadbOptions::describe(): how a server is named in every message about it.
#include "backend/store/mariadb_options.hpp"

namespace opsdeck::store {

std::string MariadbOptions::describe() const {
  if (!socket.empty()) {
    return "socket " + socket;
  }
  // An IPv6 literal gets brackets so that the port stays readable.
  const bool ipv6_literal = host.find(':') != std::string::npos;
  const std::string shown_host = ipv6_literal ? "[" + host + "]" : host;
  return shown_host + ":" + std::to_string(port);
}

}  // namespace opsdeck::store
