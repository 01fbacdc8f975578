// For the console's backup tests: a scratch directory with a small service directory in it, a repository
// beside it, and helpers that run the real engine (BackupRepository::create, restore_directory) inside a
// JobRunner job, as the console does.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "backend/core/job_runner.hpp"
#include "backend/core/logger.hpp"

namespace opsdeck::backup::testing {

class ScratchDirectory {
 public:
  ScratchDirectory() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/opsdeck-bview-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Runs `work` as a job on a one-worker runner and returns the job's final state.
inline core::JobInfo run_job(const std::function<core::Result<std::string>(core::JobContext&)>& work) {
  core::Logger logger(100, core::LogLevel::kWarn);
  core::JobRunner runner(1, logger);
  return runner.submit("test job", work).wait();
}

}  // namespace opsdeck::backup::testing
