// How a server is named in every message about it: "socket /path" or "host:port" ([v6]:port); never
// credentials. Shared by MariaDB and Redis options.
#pragma once

#include <string>

namespace opsdeck::store {

std::string describe_endpoint(const std::string& host, unsigned port, const std::string& socket);

}  // namespace opsdeck::store
