// Config file parsing. Comments (// and /* */) are allowed so that a file can say why a value was chosen,
// as btop's config does; an empty file is an empty configuration, so `touch config.json` is not an error.
#include "backend/core/config_file.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include "backend/core/config.hpp"
#include "backend/core/config_suggest.hpp"
#include "backend/core/config_value.hpp"

namespace opsdeck::core {
namespace {

struct Position {
  std::size_t line = 1;
  std::size_t column = 1;
};

// nlohmann reports the byte offset of the last character it read (1-based); lines and columns are what a
// person can find in an editor.
Position position_of(std::string_view text, std::size_t byte) {
  Position position;
  std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

// "[json.exception.parse_error.101] parse error at line 1, column 7: syntax error ..." -> "syntax error ...".
std::string parse_reason(const std::string& what) {
  auto column = what.find("column ");
  auto colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// "[json.exception.out_of_range.406] number overflow ..." -> "number overflow ...".
std::string strip_exception_id(const std::string& what) {
  auto end = what.find("] ");
  return what.starts_with("[json.exception.") && end != std::string::npos ? what.substr(end + 2) : what;
}

// The position of the first occurrence of the token quoted in `what` ('...'), else the start of the text.
Position locate_quoted_token(std::string_view text, const std::string& what) {
  auto open = what.find('\'');
  auto close = open == std::string::npos ? std::string::npos : what.find('\'', open + 1);
  if (close == std::string::npos || close == open + 1) {
    return Position{};
  }
  auto found = text.find(std::string_view(what).substr(open + 1, close - open - 1));
  return found == std::string_view::npos ? Position{} : position_of(text, found + 1);
}

std::vector<std::string> section_names() {
  std::vector<std::string> names;
  for (const auto& section : config_sections()) {
    names.emplace_back(section.name);
  }
  return names;
}

std::vector<std::string> keys_in_section(std::string_view section) {
  std::vector<std::string> names;
  for (const auto& key : config_schema()) {
    if (key.name.substr(0, key.name.find('.')) == section) {
      names.emplace_back(key.name.substr(key.name.find('.') + 1));
    }
  }
  return names;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

// A key written under the wrong section is the likeliest mistake after a typo: "ui.workers" -> jobs.workers.
std::string same_key_elsewhere(std::string_view key_part) {
  for (const auto& key : config_schema()) {
    if (key.name.substr(key.name.find('.') + 1) == key_part) {
      return std::string(key.name);
    }
  }
  return {};
}

class FileParser {
 public:
  FileParser(const std::filesystem::path& file, std::vector<Error>& problems)
      : prefix_(file.string() + ": "), problems_(problems) {}

  std::map<std::string, nlohmann::json, std::less<>> parse(std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return {};
    }
    // Ordered, so that problems are reported in the order a person reads the file.
    nlohmann::ordered_json document;
    try {
      document = nlohmann::ordered_json::parse(text, nullptr, true, true);
    } catch (const nlohmann::json::parse_error& error) {
      malformed(position_of(text, error.byte), parse_reason(error.what()));
      return {};
    } catch (const nlohmann::json::exception& error) {
      // Only "number overflow parsing '1E999'" gets here, without a position; the number itself locates it.
      malformed(locate_quoted_token(text, error.what()), strip_exception_id(error.what()));
      return {};
    }
    if (!document.is_object()) {
      problem(
          "expected a JSON object with one object per section, like {\"ui\": {\"theme\": \"light\"}}, got " +
          describe_received(nlohmann::json(document)));
      return {};
    }
    for (const auto& [section, keys] : document.items()) {
      parse_section(section, keys);
    }
    return std::move(values_);
  }

 private:
  void parse_section(const std::string& section, const nlohmann::ordered_json& keys) {
    const auto known = section_names();
    if (std::find(known.begin(), known.end(), section) == known.end()) {
      unknown_section(section);
      return;
    }
    if (!keys.is_object()) {
      problem(section + ": expected an object of " + section + " keys, got " +
              describe_received(nlohmann::json(keys)));
      return;
    }
    for (const auto& [name, value] : keys.items()) {
      parse_key(section, name, value);
    }
  }

  void unknown_section(const std::string& section) {
    if (const ConfigKey* key = find_config_key(section)) {
      auto dot = key->name.find('.');
      problem(section + ": keys are nested by section; write {\"" + std::string(key->name.substr(0, dot)) +
              "\": {\"" + std::string(key->name.substr(dot + 1)) + "\": ...}}");
    } else if (auto suggestion = suggest_closest(section, section_names())) {
      problem(section + ": unknown section (did you mean " + *suggestion + "?)");
    } else {
      problem(section + ": unknown section; sections are " + join(section_names()));
    }
  }

  void parse_key(const std::string& section, const std::string& name, const nlohmann::ordered_json& value) {
    const std::string full = section + "." + name;
    const ConfigKey* key = find_config_key(full);
    if (key == nullptr) {
      unknown_key(section, name);
      return;
    }
    if (key->type == ConfigType::kSecret) {
      // The value is deliberately not quoted back: it is a password.
      problem(full + ": secrets are not read from the config file; set " + env_var_for(full) + " or " + full +
              "_file");
      return;
    }
    auto checked = config_value_from_json(*key, nlohmann::json(value));
    if (!checked) {
      problem(full + ": " + checked.error().message);
      return;
    }
    values_[full] = std::move(checked).value();
  }

  void unknown_key(const std::string& section, const std::string& name) {
    const std::string full = section + "." + name;
    if (auto suggestion = suggest_closest(name, keys_in_section(section))) {
      problem(full + ": unknown key (did you mean " + section + "." + *suggestion + "?)");
    } else if (auto elsewhere = same_key_elsewhere(name); !elsewhere.empty()) {
      problem(full + ": unknown key (did you mean " + elsewhere + "?)");
    } else {
      problem(full + ": unknown key; " + section + " keys are " + join(keys_in_section(section)));
    }
  }

  void malformed(Position at, const std::string& reason) {
    problem("line " + std::to_string(at.line) + ", column " + std::to_string(at.column) +
            ": malformed JSON: " + reason);
  }

  void problem(const std::string& message) {
    problems_.push_back(make_error(ErrorCategory::kInvalidInput, prefix_ + message));
  }

  std::string prefix_;
  std::vector<Error>& problems_;
  std::map<std::string, nlohmann::json, std::less<>> values_;
};

}  // namespace

std::map<std::string, nlohmann::json, std::less<>> parse_config_file(std::string_view text,
                                                                     const std::filesystem::path& file,
                                                                     std::vector<Error>& problems) {
  return FileParser(file, problems).parse(text);
}

Result<std::string> read_config_file(const std::filesystem::path& file) {
  std::error_code error;
  auto status = std::filesystem::status(file, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    return fail(ErrorCategory::kNotFound, file.string() + ": config file not found");
  }
  if (!error && status.type() != std::filesystem::file_type::regular) {
    return fail(ErrorCategory::kInvalidInput,
                file.string() + ": expected a JSON file, got a directory or device");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(ErrorCategory::kIo,
                file.string() + ": cannot read config file: " + std::generic_category().message(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return fail(ErrorCategory::kIo,
                file.string() + ": cannot read config file: " + std::generic_category().message(errno));
  }
  return text.str();
}

}  // namespace opsdeck::core
