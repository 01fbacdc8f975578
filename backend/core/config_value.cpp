// Value checks for configuration keys. Environment text is trimmed for integers and booleans only: a stray
// space after "3306" in a unit file is a slip, but inside a path or a host name it would be data.
#include "backend/core/config_value.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace opsdeck::core {
namespace {

constexpr std::size_t kMaxQuotedLength = 60;

// "debug|info|warn" -> "debug, info, warn": the table's compact form is not how a person lists choices.
std::string list_choices(std::string_view choices) {
  std::string out;
  for (char c : choices) {
    out += c == '|' ? std::string(", ") : std::string(1, c);
  }
  return out;
}

std::string_view trim(std::string_view text) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Unexpected rejected(const ConfigKey& key, const nlohmann::json& value) {
  return fail(ErrorCategory::kInvalidInput,
              "expected " + describe_expected(key) + ", got " + describe_received(value));
}

bool in_range(const ConfigKey& key, std::int64_t number) {
  return key.max <= key.min || (number >= key.min && number <= key.max);
}

bool is_choice(const ConfigKey& key, std::string_view text) {
  if (key.choices.empty()) {
    return true;
  }
  std::string_view rest = key.choices;
  while (true) {
    auto bar = rest.find('|');
    if (rest.substr(0, bar) == text) {
      return true;
    }
    if (bar == std::string_view::npos) {
      return false;
    }
    rest.remove_prefix(bar + 1);
  }
}

// Environment variables may hold any bytes; the JSON we store and print must stay valid UTF-8. The strict
// dump is the one UTF-8 check nlohmann offers; its exception stays inside this function.
bool is_utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

}  // namespace

std::string describe_expected(const ConfigKey& key) {
  switch (key.type) {
    case ConfigType::kInt:
      if (key.max > key.min) {
        return "an integer " + std::to_string(key.min) + ".." + std::to_string(key.max);
      }
      return "an integer";
    case ConfigType::kBool:
      return "true or false";
    case ConfigType::kString:
      return key.choices.empty() ? "a string" : "one of " + list_choices(key.choices);
    case ConfigType::kPath:
      return "a path";
    case ConfigType::kSecret:
      return "a secret";
  }
  return "a value";
}

std::string describe_received(const nlohmann::json& value) {
  if (value.is_object()) {
    return "an object";
  }
  if (value.is_array()) {
    return "an array";
  }
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kMaxQuotedLength) {
    text = text.substr(0, kMaxQuotedLength) + "...";
  }
  return text;
}

Result<nlohmann::json> config_value_from_json(const ConfigKey& key, const nlohmann::json& value) {
  switch (key.type) {
    case ConfigType::kInt: {
      if (value.is_number_unsigned() &&
          value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return rejected(key, value);
      }
      if (!value.is_number_integer() || !in_range(key, value.get<std::int64_t>())) {
        return rejected(key, value);
      }
      return nlohmann::json(value.get<std::int64_t>());
    }
    case ConfigType::kBool:
      if (!value.is_boolean()) {
        return rejected(key, value);
      }
      return value;
    case ConfigType::kString:
    case ConfigType::kPath:
      if (!value.is_string() || !is_choice(key, value.get_ref<const std::string&>())) {
        return rejected(key, value);
      }
      return value;
    case ConfigType::kSecret:
      break;
  }
  return fail(ErrorCategory::kInternal, "secrets are not configuration values");
}

Result<nlohmann::json> config_value_from_text(const ConfigKey& key, std::string_view text) {
  const std::string raw(text);
  if (!is_utf8(raw)) {
    return fail(ErrorCategory::kInvalidInput,
                "expected " + describe_expected(key) + ", got bytes that are not UTF-8");
  }
  switch (key.type) {
    case ConfigType::kInt: {
      std::string_view digits = trim(text);
      std::int64_t number = 0;
      auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
      if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
          !in_range(key, number)) {
        return rejected(key, nlohmann::json(raw));
      }
      return nlohmann::json(number);
    }
    case ConfigType::kBool: {
      const std::string word = lower(trim(text));
      if (word == "true" || word == "1" || word == "yes" || word == "on") {
        return nlohmann::json(true);
      }
      if (word == "false" || word == "0" || word == "no" || word == "off") {
        return nlohmann::json(false);
      }
      return rejected(key, nlohmann::json(raw));
    }
    case ConfigType::kString:
    case ConfigType::kPath:
      if (!is_choice(key, raw)) {
        return rejected(key, nlohmann::json(raw));
      }
      return nlohmann::json(raw);
    case ConfigType::kSecret:
      break;
  }
  return fail(ErrorCategory::kInternal, "secrets are not configuration values");
}

}  // namespace opsdeck::core
