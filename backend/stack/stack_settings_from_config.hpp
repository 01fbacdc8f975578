// Builds StackSettings from the configuration: the state directory plus the stack.* keys.
#pragma once

#include "backend/core/config.hpp"
#include "backend/stack/stack_engine.hpp"

namespace opsdeck::stack {

// Keys: stack.mariadb_port, stack.redis_port (0 = unix socket only), stack.tls, stack.mariadbd,
// stack.redis_server (empty = look in the usual places).
StackSettings stack_settings_from_config(const core::Config& config);

}  // namespace opsdeck::stack
