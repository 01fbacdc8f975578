// Field lookup for mapping files: JSON pointers and dotted paths, without exceptions.
#include "backend/sync/http/json_field.hpp"

#include <charconv>

namespace opsdeck::sync::http {
namespace {

// One step: an object key, or an array index written in decimal.
const nlohmann::json* step(const nlohmann::json& node, const std::string& key) {
  if (node.is_object()) {
    auto found = node.find(key);
    return found == node.end() ? nullptr : &*found;
  }
  if (node.is_array()) {
    std::size_t index = 0;
    const char* end = key.data() + key.size();
    auto [ptr, ec] = std::from_chars(key.data(), end, index);
    if (ec != std::errc{} || ptr != end || key.empty() || index >= node.size()) {
      return nullptr;
    }
    return &node[index];
  }
  return nullptr;
}

// RFC 6901 escapes: "~1" is '/', "~0" is '~'.
std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace

const nlohmann::json* find_field(const nlohmann::json& item, std::string_view path) {
  const nlohmann::json* node = &item;
  if (path.empty()) {
    return node;
  }
  const bool pointer = path.front() == '/';
  const char separator = pointer ? '/' : '.';
  std::size_t position = pointer ? 1 : 0;
  while (node != nullptr) {
    const std::size_t next = path.find(separator, position);
    const std::string_view token =
        path.substr(position, next == std::string_view::npos ? std::string_view::npos : next - position);
    node = step(*node, pointer ? unescape_pointer_token(token) : std::string(token));
    if (next == std::string_view::npos) {
      break;
    }
    position = next + 1;
  }
  return node;
}

bool scalar_text(const nlohmann::json& value, std::string& text) {
  if (value.is_string()) {
    text = value.get<std::string>();
    return true;
  }
  if (value.is_number() || value.is_boolean()) {
    text = value.dump();
    return true;
  }
  return false;
}

}  // namespace opsdeck::sync::http
