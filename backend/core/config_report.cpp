// config check output. The text form is aligned columns (key, value, origin) so that a person scanning for
// "file" or "env" finds what they overrode; values come from effective_masked(), so no secret can appear.
#include "backend/core/config_report.hpp"

#include <algorithm>
#include <sstream>

namespace opsdeck::core {
namespace {

// Values wider than this push the origin column out rather than widen every row (long paths are rare).
constexpr std::size_t kMaxValueColumn = 40;

std::string shown(const nlohmann::json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    return text.empty() ? "\"\"" : text;
  }
  return value.dump();
}

// Pads to `width` plus a two-space gap; an overlong value still gets the gap.
std::string padded(std::string text, std::size_t width) {
  text.append(text.size() < width ? width - text.size() + 2 : 2, ' ');
  return text;
}

}  // namespace

nlohmann::json config_report_json(const Config& config, const std::vector<Error>& problems) {
  nlohmann::json problem_list = nlohmann::json::array();
  for (const auto& problem : problems) {
    problem_list.push_back(problem.message);
  }
  return {
      {"file", config.file() ? nlohmann::json(config.file()->string()) : nlohmann::json(nullptr)},
      {"state_dir", config.state_dir().string()},
      {"valid", problems.empty()},
      {"problems", std::move(problem_list)},
      {"values", config.effective_masked()},
  };
}

std::string config_report_text(const Config& config, const std::vector<Error>& problems) {
  std::ostringstream out;
  if (config.file()) {
    out << "file:      " << config.file()->string() << "\n";
  } else {
    out << "file:      none (" << config.file_location().string() << " not read)\n";
  }
  out << "state dir: " << config.state_dir().string() << "\n\n";

  const auto values = config.effective_masked();
  std::size_t key_width = 0;
  std::size_t value_width = 0;
  for (const auto& [key, entry] : values.items()) {
    key_width = std::max(key_width, key.size());
    value_width = std::max(value_width, std::min(kMaxValueColumn, shown(entry["value"]).size()));
  }
  // Schema order, not the JSON object's alphabetical order: related keys stay together as in the docs.
  for (const auto& key : config_schema()) {
    const auto& entry = values[std::string(key.name)];
    out << padded(std::string(key.name), key_width) << padded(shown(entry["value"]), value_width)
        << entry["origin"].get<std::string>() << "\n";
  }

  out << "\n";
  if (problems.empty()) {
    out << "no problems\n";
  } else {
    out << problems.size() << (problems.size() == 1 ? " problem:\n" : " problems:\n");
    for (const auto& problem : problems) {
      out << "  " << problem.message << "\n";
    }
  }
  return out.str();
}

}  // namespace opsdeck::core
