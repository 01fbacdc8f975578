// URL text for the http provider: endpoint templates filled from parent items ("/orgs/{org.login}/repos"),
// query parameters, the origin check that keeps the auth header on base_url's server, and the form of a URL
// that may appear in messages (no user:password part).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/core/result.hpp"

namespace opsdeck::sync::http {

// The items a child resource is fetched for: (resource name, item), outermost first.
using Ancestors = std::vector<std::pair<std::string, const nlohmann::json*>>;

// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string percent_encode(std::string_view text);

// Fills every "{resource.field}" in `path_template` with the percent-encoded text of that ancestor's field.
// Fails naming the placeholder when the resource is not an ancestor or the field is missing or not a scalar.
core::Result<std::string> expand_path_template(std::string_view path_template, const Ancestors& ancestors);

// The resource names a template refers to ("org" for "/orgs/{org.login}/repos"), for validating mappings.
core::Result<std::vector<std::string>> template_references(std::string_view path_template);

// Appends "key=value" (both encoded) with '?' or '&'.
std::string append_query(std::string url, std::string_view key, std::string_view value);

// "https://api.example.com:8443" from any absolute http(s) URL; empty when the URL is not absolute http(s).
std::string url_origin(std::string_view url);

// Makes `reference` (from a Link header) absolute against `base` (the URL of the page that carried it).
std::string resolve_reference(std::string_view base, std::string_view reference);

// The URL with any "user:password@" replaced by "***@", for messages and logs.
std::string displayable_url(std::string_view url);

}  // namespace opsdeck::sync::http
