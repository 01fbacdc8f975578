// parse_redis_info(): INFO is CRLF-separated "key:value" lines grouped under "# Section" headers.
#include "backend/store/redis_info.hpp"

namespace opsdeck::store {

std::vector<std::pair<std::string, std::string>> parse_redis_info(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> entries;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      continue;
    }
    entries.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
  }
  return entries;
}

}  // namespace opsdeck::store
