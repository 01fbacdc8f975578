// "Did you mean": the nearest known name to a mistyped one, for config keys, sections and variables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::core {

// The candidate closest to `typed` when it is near enough to be a likely typo (a swapped, missing, extra or
// wrong character or two; case ignored), else nothing. Far-off suggestions would mislead more than help.
std::optional<std::string> suggest_closest(std::string_view typed,
                                           const std::vector<std::string>& candidates);

}  // namespace opsdeck::core
