// URL text helpers for the http provider; pure string work, no I/O.
#include "backend/sync/http/http_url.hpp"

#include <algorithm>
#include <cctype>

#include "backend/sync/http/json_field.hpp"

namespace opsdeck::sync::http {
namespace {

bool unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

// Where "scheme://" ends and where the authority ends (the first '/', '?' or '#' after it).
bool split_authority(std::string_view url, std::size_t& authority_start, std::size_t& authority_end) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return false;
  }
  authority_start = scheme_end + 3;
  authority_end = url.find_first_of("/?#", authority_start);
  if (authority_end == std::string_view::npos) {
    authority_end = url.size();
  }
  return true;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

core::Result<std::vector<std::string>> template_references(std::string_view path_template) {
  std::vector<std::string> names;
  std::size_t position = 0;
  while ((position = path_template.find('{', position)) != std::string_view::npos) {
    const auto close = path_template.find('}', position);
    if (close == std::string_view::npos) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "path \"" + std::string(path_template) + "\": '{' without a closing '}'");
    }
    const auto inner = path_template.substr(position + 1, close - position - 1);
    const auto dot = inner.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == inner.size()) {
      return core::fail(core::ErrorCategory::kInvalidInput, "path \"" + std::string(path_template) +
                                                                "\": placeholder {" + std::string(inner) +
                                                                "} is not {resource.field}");
    }
    names.emplace_back(inner.substr(0, dot));
    position = close + 1;
  }
  return names;
}

core::Result<std::string> expand_path_template(std::string_view path_template, const Ancestors& ancestors) {
  std::string out;
  std::size_t position = 0;
  while (true) {
    const auto open = path_template.find('{', position);
    out.append(path_template.substr(
        position, open == std::string_view::npos ? std::string_view::npos : open - position));
    if (open == std::string_view::npos) {
      return out;
    }
    const auto close = path_template.find('}', open);
    if (close == std::string_view::npos) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "path \"" + std::string(path_template) + "\": '{' without a closing '}'");
    }
    const std::string inner(path_template.substr(open + 1, close - open - 1));
    const auto dot = inner.find('.');
    const std::string name = inner.substr(0, dot);
    const std::string field = dot == std::string::npos ? std::string() : inner.substr(dot + 1);
    auto ancestor = std::find_if(ancestors.rbegin(), ancestors.rend(),
                                 [&](const auto& entry) { return entry.first == name; });
    if (ancestor == ancestors.rend() || field.empty()) {
      return core::fail(core::ErrorCategory::kInvalidInput, "path \"" + std::string(path_template) +
                                                                "\": placeholder {" + inner +
                                                                "} does not name a parent resource's field");
    }
    const nlohmann::json* value = find_field(*ancestor->second, field);
    std::string text;
    if (value == nullptr || !scalar_text(*value, text)) {
      return core::fail(core::ErrorCategory::kProtocol,
                        "field \"" + field + "\" of the parent " + name + " item is " +
                            (value == nullptr ? "missing" : "not a string or number") + " (placeholder {" +
                            inner + "} in \"" + std::string(path_template) + "\")");
    }
    out += percent_encode(text);
    position = close + 1;
  }
}

std::string append_query(std::string url, std::string_view key, std::string_view value) {
  const auto fragment = url.find('#');
  std::string tail;
  if (fragment != std::string::npos) {
    tail = url.substr(fragment);
    url.resize(fragment);
  }
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += percent_encode(key);
  url += '=';
  url += percent_encode(value);
  return url + tail;
}

std::string url_origin(std::string_view url) {
  std::size_t start = 0;
  std::size_t end = 0;
  if (!split_authority(url, start, end)) {
    return {};
  }
  const std::string scheme = lower(url.substr(0, start - 3));
  if (scheme != "http" && scheme != "https") {
    return {};
  }
  std::string_view authority = url.substr(start, end - start);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string host = lower(authority);
  // The default port written out or left implicit is the same origin.
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  if (host.size() > default_port.size() && host.ends_with(default_port)) {
    host.resize(host.size() - default_port.size());
  }
  return scheme + "://" + host;
}

std::string resolve_reference(std::string_view base, std::string_view reference) {
  if (reference.find("://") != std::string_view::npos) {
    return std::string(reference);
  }
  std::size_t start = 0;
  std::size_t end = 0;
  if (!split_authority(base, start, end)) {
    return std::string(reference);
  }
  if (reference.starts_with("//")) {
    return std::string(base.substr(0, start - 2)) + std::string(reference);
  }
  if (reference.starts_with("/")) {
    return std::string(base.substr(0, end)) + std::string(reference);
  }
  if (reference.starts_with("?")) {
    const auto query = base.find_first_of("?#", end);
    return std::string(base.substr(0, query)) + std::string(reference);
  }
  // A relative path replaces the last segment of the base path.
  std::string_view path = base.substr(0, base.find_first_of("?#", end));
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos || slash < end) {
    return std::string(path) + "/" + std::string(reference);
  }
  return std::string(path.substr(0, slash + 1)) + std::string(reference);
}

std::string displayable_url(std::string_view url) {
  std::size_t start = 0;
  std::size_t end = 0;
  if (!split_authority(url, start, end)) {
    return std::string(url);
  }
  const auto at = url.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) {
    return std::string(url);
  }
  return std::string(url.substr(0, start)) + "***@" + std::string(url.substr(start + at + 1));
}

}  // namespace opsdeck::sync::http
