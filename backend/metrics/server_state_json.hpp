// ServerState as JSON for `opsdeck db status --json`: every number the console shows, rates per second,
// bytes as numbers, ratios 0..1 or null when there was nothing to measure. Never credentials.
#pragma once

#include <nlohmann/json.hpp>

#include "backend/metrics/server_state.hpp"

namespace opsdeck::metrics {

nlohmann::json server_state_to_json(const ServerState& state);

}  // namespace opsdeck::metrics
