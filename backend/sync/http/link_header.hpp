// The RFC 8288 (formerly 5988) Link header, as GitHub-style APIs use it for pagination:
//   Link: <https://api.example.com/orgs?page=2>; rel="next", <https://api.example.com/orgs?page=9>;
//   rel="last"
// A socket-free parser (it has a fuzz target): bytes in, links out; anything malformed is skipped rather than
// guessed at, so a broken header ends pagination instead of following a wrong URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::sync::http {

struct LinkValue {
  std::string target;             // the URI reference between '<' and '>', as written
  std::vector<std::string> rels;  // the rel parameter's space-separated types, lower-cased
};

std::vector<LinkValue> parse_link_header(std::string_view header);

// The target of the first link whose rel includes `rel` ("next"), if any.
std::optional<std::string> find_link(std::string_view header, std::string_view rel);

}  // namespace opsdeck::sync::http
