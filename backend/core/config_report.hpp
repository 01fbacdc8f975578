// What `opsdeck config check` shows: every key's effective value and origin (secrets masked) and every
// problem, as text for a person or JSON for a script. Formatting only; the CLI file prints it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/core/config.hpp"
#include "backend/core/error.hpp"

namespace opsdeck::core {

// {"file": path or null, "state_dir", "valid", "problems": [message...], "values": effective_masked()}
nlohmann::json config_report_json(const Config& config, const std::vector<Error>& problems);

std::string config_report_text(const Config& config, const std::vector<Error>& problems);

}  // namespace opsdeck::core
