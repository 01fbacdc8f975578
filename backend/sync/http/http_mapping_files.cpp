// Finding and reading mapping files: a path as given, or the name of a shipped mapping, found the way themes
// are (an environment override, the installed share directory beside the binary, then the source tree).
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "backend/sync/http/http_mapping.hpp"

namespace opsdeck::sync::http {

std::optional<std::filesystem::path> find_mappings_dir() {
  std::error_code ec;
  std::vector<std::filesystem::path> candidates;
  if (const char* from_env = std::getenv("OPSDECK_MAPPINGS_DIR"); from_env != nullptr && *from_env != '\0') {
    candidates.emplace_back(from_env);
  }
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / ".." / "share" / "opsdeck" / "mappings");
  }
#ifdef OPSDECK_MAPPINGS_DIR
  candidates.emplace_back(OPSDECK_MAPPINGS_DIR);
#endif
  for (const auto& candidate : candidates) {
    if (std::filesystem::is_directory(candidate, ec)) {
      return candidate.lexically_normal();
    }
  }
  return std::nullopt;
}

core::Result<std::filesystem::path> resolve_mapping(std::string_view name_or_path) {
  if (name_or_path.empty()) {
    return core::fail(core::ErrorCategory::kInvalidInput, "no mapping given (a file path or a shipped name)");
  }
  const bool is_path = name_or_path.find('/') != std::string_view::npos || name_or_path.ends_with(".json");
  if (is_path) {
    return std::filesystem::path(name_or_path);
  }
  const auto dir = find_mappings_dir();
  if (!dir) {
    return core::fail(core::ErrorCategory::kNotFound,
                      "mapping \"" + std::string(name_or_path) +
                          "\": no mappings directory found (set OPSDECK_MAPPINGS_DIR or give a file path)");
  }
  auto path = *dir / (std::string(name_or_path) + ".json");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return core::fail(core::ErrorCategory::kNotFound,
                      "mapping \"" + std::string(name_or_path) + "\": no file " + path.string());
  }
  return path;
}

core::Result<HttpMapping> load_http_mapping(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return core::fail(core::ErrorCategory::kNotFound, "mapping " + path.string() + ": cannot be opened");
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (!file && !file.eof()) {
    return core::fail(core::ErrorCategory::kIo, "mapping " + path.string() + ": cannot be read");
  }
  return parse_http_mapping(text.str(), path.filename().string());
}

}  // namespace opsdeck::sync::http
