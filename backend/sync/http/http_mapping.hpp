// The http provider's mapping file: which endpoints to fetch and how their JSON items become graph nodes and
// relationships. One JSON file per API (mappings/github.json ships with opsdeck); the format is documented in
// docs/operations.md. Parsing is socket-free and validates everything it can before any request is made:
// parents defined before children, placeholders naming ancestors, relationship targets that exist.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend/core/result.hpp"

namespace opsdeck::sync::http {

struct Pagination {
  enum class Kind { kNone, kLink, kCursor, kPage };
  Kind kind = Kind::kLink;
  std::string cursor_field;             // kCursor: where the next cursor is in the body ("meta.next")
  std::string cursor_param = "cursor";  // kCursor: the query parameter that sends it back
  std::string page_param = "page";      // kPage: the query parameter that carries the page number
  std::int64_t first_page = 1;          // kPage
  std::int64_t max_pages = 10000;       // any kind: a bound, so a server that never stops cannot loop us
};

struct PropertyMapping {
  std::string name;       // the property's name on the node
  std::string path;       // JSON pointer or dotted path in the item
  bool optional = false;  // a missing field is left out instead of failing the provider
};

// From this resource's node to a target (or, when incoming, from the target to this node). The target is
// either an ancestor item (target_resource) or a node named by a label and an id field of this item.
struct RelationshipMapping {
  std::string type;
  std::string target_resource;
  std::string target_label;
  std::string target_id;  // field path in this item
  bool incoming = false;
  bool optional = false;  // a missing or null target_id field means no relationship instead of a failure
};

struct ResourceMapping {
  std::string name;    // how children's placeholders refer to it: {org.login}
  std::string parent;  // empty = fetched once; else once per item of the parent
  std::string path;    // "/orgs/{org.login}/repos", appended to base_url
  std::string label;
  std::string id_field;
  std::string items_field;  // where the item array is in the body; empty = the body is the array
  std::vector<std::pair<std::string, std::string>> query;  // added to the first page's URL
  Pagination pagination;
  std::vector<PropertyMapping> properties;
  std::vector<RelationshipMapping> relationships;
};

struct HttpMapping {
  std::string description;
  std::vector<ResourceMapping> resources;  // parents before children

  const ResourceMapping* find(std::string_view name) const;
};

// `source` names the file in messages: "mapping github.json: resources[1] (repo): ...".
core::Result<HttpMapping> parse_http_mapping(std::string_view text, std::string_view source);
core::Result<HttpMapping> load_http_mapping(const std::filesystem::path& path);

// The directory of shipped mappings: $OPSDECK_MAPPINGS_DIR, <exe>/../share/opsdeck/mappings, then the source
// tree's mappings/ (as themes are found).
std::optional<std::filesystem::path> find_mappings_dir();
// A path as given, or "github" -> <mappings dir>/github.json.
core::Result<std::filesystem::path> resolve_mapping(std::string_view name_or_path);

}  // namespace opsdeck::sync::http
