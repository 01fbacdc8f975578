// "HOST:PORT" for the statsd listeners: "127.0.0.1:8125", "[::1]:8125", "0.0.0.0:0" (port 0: any free
// port). Numeric addresses only: the server binds at start and must not block on DNS.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "backend/core/result.hpp"

namespace opsdeck::metrics {

struct StatsdAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family() const { return storage.ss_family; }
};

core::Result<StatsdAddress> parse_statsd_address(std::string_view text);
// "127.0.0.1:8125" / "[::1]:8125" for messages.
std::string describe_address(const sockaddr_storage& storage);
std::uint16_t address_port(const sockaddr_storage& storage);

}  // namespace opsdeck::metrics
