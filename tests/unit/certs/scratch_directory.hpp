// ScratchDirectory: a fresh directory under $TMPDIR (or /tmp) for one certificate test, removed afterwards,
// plus a recursive listing of (path, mode, contents) to prove that a failed operation wrote nothing.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace opsdeck::certs::testing {

class ScratchDirectory {
 public:
  ScratchDirectory() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/opsdeck-certs-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
}

inline unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  ::lstat(path.c_str(), &info);
  return info.st_mode & 07777;
}

// Every file and directory under `root` with its mode and contents: equal before and after means untouched.
inline std::map<std::string, std::string> tree_state(const std::filesystem::path& root) {
  std::map<std::string, std::string> state;
  std::error_code error;
  if (!std::filesystem::exists(root, error)) {
    return state;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, error)) {
    std::string key = entry.path().lexically_relative(root).string();
    std::string value = std::to_string(mode_of(entry.path()));
    if (entry.is_regular_file()) {
      value += ":" + read_text(entry.path());
    }
    state[key] = value;
  }
  return state;
}

}  // namespace opsdeck::certs::testing
