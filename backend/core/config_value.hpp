// One configuration value checked against its key: JSON from the file, or text from an environment variable
// or a flag, in; the typed JSON value the Config stores, or what was expected and what came instead, out.
// Socket- and file-free, so every message can be tested and the parser fuzzed.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "backend/core/config.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::core {

// "an integer 1..65535", "one of debug|info|warn|error", "true or false", "a string", "a path".
std::string describe_expected(const ConfigKey& key);

// How a rejected value is quoted in a message: JSON text, shortened; objects and arrays by kind only.
std::string describe_received(const nlohmann::json& value);

// Errors carry only `expected ..., got ...`; the caller puts "<file>: <key>: " or "<VARIABLE>: " in front.
// Secrets are not values: callers handle kSecret keys before asking.
Result<nlohmann::json> config_value_from_json(const ConfigKey& key, const nlohmann::json& value);
Result<nlohmann::json> config_value_from_text(const ConfigKey& key, std::string_view text);

}  // namespace opsdeck::core
