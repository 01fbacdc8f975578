// Pid files: read, write atomically, and judge whether the pid in one is still our server.
#include "backend/stack/pid_file.hpp"

#include <cerrno>
#include <charconv>
#include <fstream>
#include <system_error>

#include "backend/core/process.hpp"

namespace opsdeck::stack {
namespace {

namespace fs = std::filesystem;

fs::path resolved(const fs::path& path) {
  std::error_code error;
  auto result = fs::weakly_canonical(path, error);
  return error ? path : result;
}

bool same_program(const fs::path& running, const fs::path& expected) {
  const auto expected_resolved = resolved(expected);
  // Debian's redis-server is a symlink to redis-check-rdb, so compare resolved paths and both names.
  return resolved(running) == expected_resolved || running.filename() == expected.filename() ||
         running.filename() == expected_resolved.filename();
}

}  // namespace

bool process_matches(pid_t pid, const ProcessIdentity& expected, std::string* mismatch) {
  fs::path program;
  if (auto exe = core::process_exe(pid)) {
    program = *exe;
  } else if (auto arguments = core::process_cmdline(pid); arguments && !arguments->empty()) {
    program = arguments->front();  // /proc/<pid>/exe is unreadable for another user's process
  }
  if (!program.empty() && !same_program(program, expected.binary)) {
    if (mismatch != nullptr) {
      *mismatch = "pid " + std::to_string(pid) + " runs " + program.string() + ", not " +
                  expected.binary.filename().string();
    }
    return false;
  }
  if (auto directory = core::process_cwd(pid); directory && !expected.working_directory.empty()) {
    if (resolved(*directory) != resolved(expected.working_directory)) {
      if (mismatch != nullptr) {
        *mismatch = "pid " + std::to_string(pid) + " is a " + expected.binary.filename().string() + " for " +
                    directory->string() + ", not for " + expected.working_directory.string();
      }
      return false;
    }
  }
  return true;
}

PidFileState inspect_pid_file(const fs::path& pid_file, const ProcessIdentity& expected) {
  std::error_code error;
  if (!fs::exists(pid_file, error)) {
    return {};
  }
  auto pid = read_pid_file(pid_file);
  if (!pid) {
    return {PidFileState::Kind::kStale, 0, pid.error().message};
  }
  core::reap_if_exited_child(*pid);  // a server we started in this process and that died since
  if (!core::pid_alive(*pid)) {
    return {PidFileState::Kind::kStale, *pid, "process " + std::to_string(*pid) + " is gone"};
  }
  std::string mismatch;
  if (!process_matches(*pid, expected, &mismatch)) {
    return {PidFileState::Kind::kStale, *pid, mismatch};
  }
  return {PidFileState::Kind::kLive, *pid, {}};
}

core::Result<pid_t> read_pid_file(const fs::path& pid_file) {
  std::ifstream file(pid_file);
  if (!file) {
    return core::fail(core::ErrorCategory::kNotFound, "cannot read pid file " + pid_file.string());
  }
  std::string text;
  std::getline(file, text);
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  pid_t pid = 0;
  const auto [end, parse_error] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (parse_error != std::errc() || end != text.data() + text.size() || pid <= 0) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "pid file " + pid_file.string() + " holds \"" + text + "\", not a process id");
  }
  return pid;
}

core::Status write_pid_file(const fs::path& pid_file, pid_t pid) {
  const auto temporary = fs::path(pid_file.string() + ".tmp");
  {
    std::ofstream file(temporary, std::ios::trunc);
    file << pid << '\n';
    if (!file.flush()) {
      return core::fail(core::ErrorCategory::kIo, "cannot write pid file " + temporary.string());
    }
  }
  std::error_code error;
  fs::permissions(temporary, fs::perms::owner_read | fs::perms::owner_write, error);
  fs::rename(temporary, pid_file, error);
  if (error) {
    return core::fail(core::ErrorCategory::kIo,
                      "cannot write pid file " + pid_file.string() + ": " + error.message());
  }
  return {};
}

core::Status remove_pid_file(const fs::path& pid_file) {
  std::error_code error;
  fs::remove(pid_file, error);
  if (error) {
    return core::fail(core::ErrorCategory::kIo,
                      "cannot remove pid file " + pid_file.string() + ": " + error.message());
  }
  return {};
}

}  // namespace opsdeck::stack
