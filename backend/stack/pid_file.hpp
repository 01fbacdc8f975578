// Pid files of the stack's servers: reading them, and telling a live server from a stale file. A pid in a
// file proves nothing by itself: the process may be gone, or the pid reused by some other program since a
// reboot or a crash. A pid counts as our server only when the process runs the expected binary in the
// expected directory.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "backend/core/result.hpp"

namespace opsdeck::stack {

// What the server we look for must look like.
struct ProcessIdentity {
  std::filesystem::path binary;             // as configured or found; compared after resolving symlinks
  std::filesystem::path working_directory;  // mariadbd and redis-server chdir into their data directory
};

struct PidFileState {
  enum class Kind { kAbsent, kLive, kStale };
  Kind kind = Kind::kAbsent;
  pid_t pid = 0;       // what the file says (0 when absent or unreadable)
  std::string reason;  // for kStale: why ("process 123 is gone", "pid 123 runs /usr/bin/sleep, not mariadbd")
};

PidFileState inspect_pid_file(const std::filesystem::path& pid_file, const ProcessIdentity& expected);

// True when the running `pid` looks like the expected server (binary and directory as above).
bool process_matches(pid_t pid, const ProcessIdentity& expected, std::string* mismatch = nullptr);

core::Result<pid_t> read_pid_file(const std::filesystem::path& pid_file);
// Written to a temporary file and renamed, mode 0600, so a reader never sees half a number.
core::Status write_pid_file(const std::filesystem::path& pid_file, pid_t pid);
// Missing is fine.
core::Status remove_pid_file(const std::filesystem::path& pid_file);

}  // namespace opsdeck::stack
