// Field lookup in a JSON item for the http provider's mapping files. A mapping names a field either as a
// JSON pointer ("/owner/id", RFC 6901) or as a dotted path ("owner.id", "topics.0"); both walk objects by key
// and arrays by index. Lookup never throws: a field that is not there is nullptr, so the caller can name it.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace opsdeck::sync::http {

// The value at `path` inside `item`, or nullptr when any step is missing. An empty path is the item itself.
const nlohmann::json* find_field(const nlohmann::json& item, std::string_view path);

// The text of a scalar field as it goes into ids and URLs: strings as they are, numbers and booleans in JSON
// notation ("42", "true"). Objects, arrays and null have no id text: returns false.
bool scalar_text(const nlohmann::json& value, std::string& text);

}  // namespace opsdeck::sync::http
