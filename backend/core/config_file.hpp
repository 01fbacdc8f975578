// The config file: JSON text nested by section ({"mariadb": {"port": 3306}}) in, flat checked values
// ("mariadb.port" -> 3306) out. Works on text, not on the file system, so every message can be tested and
// the parser fuzzed; reading the bytes is read_config_file's job.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/core/error.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::core {

// Every good value, keyed "section.key". Each problem (malformed JSON with line and column, unknown section
// or key with a suggestion, wrong type or range, a secret written into the file) is appended to `problems`,
// prefixed with `file`; the values that were fine are still returned so that `config check` can show them.
std::map<std::string, nlohmann::json, std::less<>> parse_config_file(std::string_view text,
                                                                     const std::filesystem::path& file,
                                                                     std::vector<Error>& problems);

// The file's bytes; kNotFound when it does not exist, kIo when it cannot be read or is not a regular file.
Result<std::string> read_config_file(const std::filesystem::path& file);

}  // namespace opsdeck::core
