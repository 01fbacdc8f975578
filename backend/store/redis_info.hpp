// Parser for the text of Redis' INFO reply, apart from the client so that it is testable without a server.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opsdeck::store {

// "key:value" lines in order; "# Section" headers, blank lines and lines without ':' are skipped. The value
// is everything after the first ':' ("db0:keys=1,expires=0" -> "db0", "keys=1,expires=0").
std::vector<std::pair<std::string, std::string>> parse_redis_info(std::string_view text);

}  // namespace opsdeck::store
