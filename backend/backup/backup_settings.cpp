#include "backend/backup/backup_settings.hpp"

#include <sstream>

namespace opsdeck::backup {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) {
    if (!trim(part).empty()) {
      parts.push_back(trim(part));
    }
  }
  return parts;
}

}  // namespace

core::Result<BackupSettings> backup_settings_from_config(const core::Config& config) {
  BackupSettings settings;
  settings.repo = config.get_path("backup.repo");
  settings.workers = static_cast<unsigned>(config.get_int("backup.workers"));
  settings.exclude_globs = split(config.get_string("backup.exclude"), ',');
  auto compression = parse_compression(config.get_string("backup.compression"));
  if (!compression.ok()) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "backup.compression: " + compression.error().message);
  }
  settings.compression = *compression;
  for (const auto& item : split(config.get_string("backup.sources"), ';')) {
    const auto equals = item.find('=');
    if (equals == std::string::npos || trim(item.substr(0, equals)).empty() ||
        trim(item.substr(equals + 1)).empty()) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "backup.sources: \"" + item + "\" is not name=/path");
    }
    settings.sources[trim(item.substr(0, equals))] = trim(item.substr(equals + 1));
  }
  return settings;
}

core::Result<DirectorySourceOptions> resolve_directory_source(const std::string& source,
                                                              const BackupSettings& settings) {
  DirectorySourceOptions options;
  auto named = settings.sources.find(source);
  std::error_code error;
  if (named != settings.sources.end()) {
    options.name = source;
    options.root = named->second;
  } else if (std::filesystem::is_directory(source, error)) {
    options.root = std::filesystem::canonical(source, error);
    options.name = options.root.string();
  } else {
    return core::fail(core::ErrorCategory::kNotFound,
                      "\"" + source + "\" is neither a directory nor a source named in backup.sources");
  }
  options.walk.exclude_globs = settings.exclude_globs;
  if (!settings.repo.empty()) {
    options.walk.skip_paths.push_back(settings.repo);
  }
  options.workers = settings.workers;
  return options;
}

}  // namespace opsdeck::backup
