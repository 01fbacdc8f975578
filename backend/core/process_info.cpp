// Questions about processes we may not own (pid files name them): alive, which program, which directory;
// and where a program lives. Everything here reads /proc, which is what lets a stale pid file be told apart
// from a live server whose pid was merely reused by some other program.
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

#include "backend/core/process.hpp"

namespace opsdeck::core {
namespace {

std::filesystem::path proc_entry(pid_t pid, const char* name) {
  return std::filesystem::path("/proc") / std::to_string(pid) / name;
}

Result<std::filesystem::path> read_proc_link(pid_t pid, const char* name) {
  std::error_code error;
  auto target = std::filesystem::read_symlink(proc_entry(pid, name), error);
  if (error) {
    return fail(error == std::errc::no_such_file_or_directory ? ErrorCategory::kNotFound : ErrorCategory::kIo,
                "cannot read " + proc_entry(pid, name).string() + ": " + error.message());
  }
  // The kernel marks a replaced binary (package upgrade) or a removed directory this way.
  static constexpr std::string_view kDeleted = " (deleted)";
  auto text = target.string();
  if (text.size() > kDeleted.size() && text.ends_with(kDeleted)) {
    text.resize(text.size() - kDeleted.size());
  }
  return std::filesystem::path(text);
}

bool is_executable_file(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

}  // namespace

bool pid_alive(pid_t pid) {
  if (pid <= 0) {
    return false;
  }
  if (::kill(pid, 0) != 0 && errno != EPERM) {
    return false;
  }
  // kill(pid, 0) succeeds for a zombie too: a server that died but was not reaped yet is not alive.
  std::ifstream stat_file(proc_entry(pid, "stat"));
  std::string line;
  if (!std::getline(stat_file, line)) {
    return true;  // no /proc to ask: trust kill()
  }
  const auto name_end = line.rfind(')');
  if (name_end == std::string::npos || name_end + 2 >= line.size()) {
    return true;
  }
  const char state = line[name_end + 2];
  return state != 'Z' && state != 'X';
}

Result<std::filesystem::path> process_exe(pid_t pid) {
  return read_proc_link(pid, "exe");
}

Result<std::filesystem::path> process_cwd(pid_t pid) {
  return read_proc_link(pid, "cwd");
}

Result<std::vector<std::string>> process_cmdline(pid_t pid) {
  std::ifstream file(proc_entry(pid, "cmdline"), std::ios::binary);
  if (!file) {
    return fail(ErrorCategory::kNotFound, "no process " + std::to_string(pid));
  }
  std::vector<std::string> arguments;
  std::string argument;
  while (std::getline(file, argument, '\0')) {
    arguments.push_back(argument);
  }
  return arguments;
}

Status send_signal(pid_t pid, int signal_number) {
  if (pid <= 0) {
    return fail(ErrorCategory::kInvalidInput, "refusing to signal pid " + std::to_string(pid));
  }
  if (::kill(pid, signal_number) != 0) {
    const int error_number = errno;
    return fail(error_number == ESRCH ? ErrorCategory::kNotFound : ErrorCategory::kIo,
                "cannot send signal " + std::to_string(signal_number) + " to pid " + std::to_string(pid) +
                    ": " + std::strerror(error_number));
  }
  return {};
}

void reap_if_exited_child(pid_t pid) {
  if (pid > 0) {
    int status = 0;
    ::waitpid(pid, &status, WNOHANG);
  }
}

bool wait_until_gone(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(5);
  for (;;) {
    reap_if_exited_child(pid);
    if (!pid_alive(pid)) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }
}

Result<std::filesystem::path> find_binary(const std::string& name,
                                          const std::vector<std::filesystem::path>& extra_dirs) {
  if (name.empty()) {
    return fail(ErrorCategory::kInvalidInput, "empty program name");
  }
  if (name.find('/') != std::string::npos) {
    if (is_executable_file(name)) {
      return std::filesystem::path(name);
    }
    return fail(ErrorCategory::kUnavailable, name + " not found (or not executable)");
  }
  std::string looked_in;
  for (const auto& directory : extra_dirs) {
    if (is_executable_file(directory / name)) {
      return directory / name;
    }
    looked_in += directory.string() + ", ";
  }
  const char* path_variable = std::getenv("PATH");
  std::stringstream path_list(path_variable != nullptr ? path_variable : "/usr/local/bin:/usr/bin:/bin");
  std::string directory;
  while (std::getline(path_list, directory, ':')) {
    if (!directory.empty() && is_executable_file(std::filesystem::path(directory) / name)) {
      return std::filesystem::path(directory) / name;
    }
  }
  return fail(ErrorCategory::kUnavailable, name + " not found (looked in " + looked_in + "$PATH)");
}

std::string current_user_name() {
  const uid_t uid = ::geteuid();
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return found->pw_name;
  }
  return std::to_string(uid);
}

}  // namespace opsdeck::core
