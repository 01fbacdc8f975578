// The one place that knows which configuration keys the stack reads.
#include "backend/stack/stack_settings_from_config.hpp"

namespace opsdeck::stack {
namespace {

// The schema bounds ports to 0..65535; a value outside (a schema without bounds) falls back to sockets.
unsigned port_from(const core::Config& config, std::string_view key) {
  const auto value = config.get_int(key);
  return value > 0 && value <= 65535 ? static_cast<unsigned>(value) : 0U;
}

}  // namespace

StackSettings stack_settings_from_config(const core::Config& config) {
  StackSettings settings;
  settings.state_dir = config.state_dir();
  settings.mariadb_tcp_port = port_from(config, "stack.mariadb_port");
  settings.redis_tcp_port = port_from(config, "stack.redis_port");
  settings.tls = config.get_bool("stack.tls");
  settings.mariadbd_binary = config.get_path("stack.mariadbd").string();
  settings.redis_binary = config.get_path("stack.redis_server").string();
  return settings;
}

}  // namespace opsdeck::stack
