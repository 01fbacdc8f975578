// Which processes hold a file: an open descriptor (/proc/*/fd), a mapping (/proc/*/maps) or a POSIX/flock
// lock (/proc/locks, matched by device and inode). Restore uses it to refuse while the service still has its
// LMDB environments open, naming the process.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace opsdeck::backup {

struct FileHolder {
  pid_t pid = 0;
  std::string command;  // /proc/<pid>/comm
  std::filesystem::path file;
  std::string how;  // "open", "mapped", "locked"
};

// Holders of any of `files` other than this process; files that do not exist are ignored.
std::vector<FileHolder> find_file_holders(const std::vector<std::filesystem::path>& files);

// "pid 123 (synapse) has /srv/x/lock.mdb open"
std::string describe(const FileHolder& holder);

}  // namespace opsdeck::backup
