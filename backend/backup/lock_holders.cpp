#include "backend/backup/lock_holders.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

namespace opsdeck::backup {
namespace {

struct Target {
  std::filesystem::path path;
  dev_t device = 0;
  ino_t inode = 0;
};

std::string command_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string command;
  std::getline(in, command);
  return command;
}

}  // namespace

std::vector<FileHolder> find_file_holders(const std::vector<std::filesystem::path>& files) {
  std::vector<Target> targets;
  for (const auto& file : files) {
    struct stat status {};
    if (::stat(file.c_str(), &status) == 0) {
      targets.push_back({file, status.st_dev, status.st_ino});
    }
  }
  std::vector<FileHolder> holders;
  if (targets.empty()) {
    return holders;
  }
  std::set<std::pair<pid_t, std::string>> seen;
  auto add = [&](pid_t pid, const Target& target, const char* how) {
    if (pid == ::getpid() || !seen.insert({pid, target.path.string()}).second) {
      return;
    }
    holders.push_back({pid, command_of(pid), target.path, how});
  };
  // POSIX and flock locks: "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF"
  std::ifstream locks("/proc/locks");
  for (std::string line; std::getline(locks, line);) {
    std::istringstream fields(line);
    std::string number, type, mode, access, id;
    pid_t pid = 0;
    fields >> number >> type;
    if (type == "->") {
      fields >> type;  // a blocked waiter
    }
    fields >> mode >> access >> pid >> id;
    unsigned major_number = 0, minor_number = 0;
    unsigned long long inode = 0;
    if (std::sscanf(id.c_str(), "%x:%x:%llu", &major_number, &minor_number, &inode) != 3) {
      continue;
    }
    for (const auto& target : targets) {
      if (target.inode == inode && ::major(target.device) == major_number &&
          ::minor(target.device) == minor_number) {
        add(pid, target, "locked");
      }
    }
  }
  std::error_code error;
  for (const auto& process : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = process.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const auto pid = static_cast<pid_t>(std::stol(name));
    std::error_code fd_error;
    for (const auto& fd : std::filesystem::directory_iterator(process.path() / "fd", fd_error)) {
      struct stat status {};
      if (::stat(fd.path().c_str(), &status) != 0) {
        continue;
      }
      for (const auto& target : targets) {
        if (status.st_ino == target.inode && status.st_dev == target.device) {
          add(pid, target, "open");
        }
      }
    }
    std::ifstream maps(process.path() / "maps");
    for (std::string line; std::getline(maps, line);) {
      std::istringstream fields(line);
      std::string range, permissions, offset, device;
      unsigned long long inode = 0;
      fields >> range >> permissions >> offset >> device >> inode;
      for (const auto& target : targets) {
        if (inode == target.inode && inode != 0 &&
            line.find(target.path.filename().string()) != std::string::npos) {
          add(pid, target, "mapped");
        }
      }
    }
  }
  return holders;
}

std::string describe(const FileHolder& holder) {
  const char* verb = holder.how == "locked"   ? "holds a lock on "
                     : holder.how == "mapped" ? "has mapped "
                                              : "has ";
  return "pid " + std::to_string(holder.pid) + " (" + holder.command + ") " + verb + holder.file.string() +
         (holder.how == "open" ? " open" : "");
}

}  // namespace opsdeck::backup
