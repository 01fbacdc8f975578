// All-or-nothing writes: temporaries, fsync, renames, undo on failure, directory fsync at the end.
#include "backend/certs/atomic_file_set.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

namespace opsdeck::certs {
namespace {

using core::ErrorCategory;

std::string errno_text() {
  return std::strerror(errno);
}

// A unique name in the same directory as `target` (same file system, so rename is atomic).
core::Result<std::filesystem::path> make_temporary(const std::filesystem::path& target, std::string_view tag,
                                                   int* fd_out) {
  std::string pattern =
      (target.parent_path() / ("." + target.filename().string() + "." + std::string(tag) + "-XXXXXX"))
          .string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    return core::fail(ErrorCategory::kIo, "cannot create a temporary file in " +
                                              target.parent_path().string() + ": " + errno_text());
  }
  *fd_out = fd;
  return std::filesystem::path(pattern);
}

core::Status write_all(int fd, const std::string& contents, const std::filesystem::path& path) {
  std::size_t written = 0;
  while (written < contents.size()) {
    ssize_t count = ::write(fd, contents.data() + written, contents.size() - written);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count <= 0) {
      return core::fail(ErrorCategory::kIo, "cannot write " + path.string() + ": " + errno_text());
    }
    written += static_cast<std::size_t>(count);
  }
  return {};
}

core::Status write_temporary(const PlannedFile& file, std::filesystem::path* temporary) {
  int fd = -1;
  auto made = make_temporary(file.path, "tmp", &fd);
  if (!made) {
    return core::Unexpected{made.error()};
  }
  *temporary = *made;
  // mkstemp creates 0600, so a key is never readable by others even for a moment; then the final mode.
  core::Status status = write_all(fd, file.contents, *temporary);
  if (status.ok() && ::fchmod(fd, file.mode) != 0) {
    status =
        core::fail(ErrorCategory::kIo, "cannot set the mode of " + temporary->string() + ": " + errno_text());
  }
  if (status.ok() && ::fsync(fd) != 0) {
    status = core::fail(ErrorCategory::kIo, "cannot fsync " + temporary->string() + ": " + errno_text());
  }
  ::close(fd);
  return status;
}

void fsync_directory(const std::filesystem::path& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

bool path_exists(const std::filesystem::path& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

// One committed step, so it can be undone.
struct Applied {
  std::filesystem::path target;
  std::filesystem::path backup;  // empty when the target did not exist before
};

void undo(const std::vector<Applied>& applied) {
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    if (it->backup.empty()) {
      ::unlink(it->target.c_str());
    } else {
      ::rename(it->backup.c_str(), it->target.c_str());
    }
  }
}

}  // namespace

void AtomicFileSet::add(std::filesystem::path path, std::string contents, unsigned mode,
                        bool replace_existing) {
  files_.push_back({std::move(path), std::move(contents), mode, replace_existing});
}

std::string AtomicFileSet::display(const std::filesystem::path& path) const {
  auto relative = path.lexically_relative(display_root_);
  if (relative.empty() || relative.native().starts_with("..")) {
    return path.string();
  }
  return relative.string();
}

core::Status AtomicFileSet::check_targets() const {
  std::vector<std::string> existing;
  for (const auto& file : files_) {
    if (!file.replace_existing && path_exists(file.path)) {
      existing.push_back(display(file.path));
    }
  }
  if (existing.empty()) {
    return {};
  }
  // Certificates before keys in the message: "hosts/db.crt and hosts/db.key already exist".
  std::stable_sort(existing.begin(), existing.end(), [](const std::string& left, const std::string& right) {
    return !left.ends_with(".key") && right.ends_with(".key");
  });
  std::string names;
  for (std::size_t index = 0; index < existing.size(); ++index) {
    names += index == 0 ? "" : index + 1 == existing.size() ? " and " : ", ";
    names += existing[index];
  }
  return core::fail(ErrorCategory::kConflict,
                    names + (existing.size() == 1 ? " already exists" : " already exist") +
                        "; use --force to replace " + (existing.size() == 1 ? "it" : "them"));
}

core::Status AtomicFileSet::commit() {
  OPSDECK_TRY(check_targets());
  std::vector<std::filesystem::path> temporaries;
  auto remove_temporaries = [&temporaries] {
    for (const auto& path : temporaries) {
      ::unlink(path.c_str());
    }
  };
  for (const auto& file : files_) {
    std::filesystem::path temporary;
    core::Status written = write_temporary(file, &temporary);
    if (!temporary.empty()) {
      temporaries.push_back(temporary);
    }
    if (!written.ok()) {
      remove_temporaries();
      return written;
    }
  }

  std::vector<Applied> applied;
  std::vector<std::filesystem::path> backups;
  for (std::size_t index = 0; index < files_.size(); ++index) {
    const auto& file = files_[index];
    Applied step{file.path, {}};
    int result = 0;
    if (file.replace_existing) {
      if (path_exists(file.path)) {
        // A hard link keeps the old contents reachable until every rename has succeeded.
        int fd = -1;
        auto backup = make_temporary(file.path, "old", &fd);
        if (backup) {
          ::close(fd);
          ::unlink(backup->c_str());
          if (::link(file.path.c_str(), backup->c_str()) == 0) {
            step.backup = *backup;
            backups.push_back(*backup);
          }
        }
      }
      result = ::rename(temporaries[index].c_str(), file.path.c_str());
    } else {
      result =
          ::renameat2(AT_FDCWD, temporaries[index].c_str(), AT_FDCWD, file.path.c_str(), RENAME_NOREPLACE);
    }
    if (result != 0) {
      std::string reason =
          errno == EEXIST ? "it appeared meanwhile; use --force to replace it" : errno_text();
      undo(applied);
      remove_temporaries();
      return core::fail(errno == EEXIST ? ErrorCategory::kConflict : ErrorCategory::kIo,
                        "cannot write " + display(file.path) + ": " + reason);
    }
    applied.push_back(step);
  }
  for (const auto& backup : backups) {
    ::unlink(backup.c_str());
  }
  std::set<std::filesystem::path> directories;
  for (const auto& file : files_) {
    directories.insert(file.path.parent_path());
  }
  for (const auto& directory : directories) {
    fsync_directory(directory);
  }
  return {};
}

}  // namespace opsdeck::certs
