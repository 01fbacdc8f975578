// Helpers for the config tests: a temporary directory that cleans up after itself, and sources built from an
// explicit environment, so that no test depends on the real environment or the real home directory.
#pragma once

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "backend/core/config.hpp"

namespace opsdeck::core::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "opsdeck-config-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) != nullptr ? std::filesystem::path(pattern) : std::filesystem::path();
    std::filesystem::create_directories(path_ / "home");
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path home() const { return path_ / "home"; }

  // Writes `text` to `name` under the directory with the given mode and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
    auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    ::chmod(file.c_str(), mode);
    return file;
  }

  // Sources with HOME inside this directory plus `environment`; the file is named only when given.
  ConfigSources sources(std::map<std::string, std::string> environment = {},
                        std::optional<std::filesystem::path> file = std::nullopt) const {
    ConfigSources sources;
    sources.environment = std::move(environment);
    sources.environment.emplace("HOME", home().string());
    sources.file = std::move(file);
    return sources;
  }

 private:
  std::filesystem::path path_;
};

// Loads leniently and returns the problem messages, for tests that compare exact texts.
inline std::vector<std::string> problem_messages(const ConfigSources& sources) {
  std::vector<Error> problems;
  (void)Config::load_lenient(sources, problems);
  std::vector<std::string> messages;
  for (const auto& problem : problems) {
    messages.push_back(problem.message);
  }
  return messages;
}

}  // namespace opsdeck::core::testing
