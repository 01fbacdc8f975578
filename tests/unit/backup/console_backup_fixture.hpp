// For the console's backup tests (scratch directories: tests/support/temporary_directory.hpp): a small
// service directory, a repository beside it, and helpers that run the real engine
// (BackupRepository::create, restore_directory) inside a JobRunner job, as the console does.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "backend/core/job_runner.hpp"
#include "backend/core/logger.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup::testing {

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
