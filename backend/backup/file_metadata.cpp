#include "backend/backup/file_metadata.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "backend/backup/unique_fd.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;

timespec to_timespec(std::int64_t nanoseconds) {
  timespec time{};
  time.tv_sec = static_cast<time_t>(nanoseconds / 1'000'000'000);
  time.tv_nsec = static_cast<long>(nanoseconds % 1'000'000'000);
  return time;
}

core::Status io_error(const std::string& what, const std::string& name) {
  return core::fail(ErrorCategory::kIo, what + " " + name + ": " + std::strerror(errno));
}

}  // namespace

FileEntry entry_from_stat(const std::string& relative_path, const struct stat& status) {
  FileEntry entry;
  entry.path = relative_path;
  entry.type = S_ISDIR(status.st_mode)   ? FileType::kDirectory
               : S_ISLNK(status.st_mode) ? FileType::kSymlink
                                         : FileType::kRegular;
  entry.size = S_ISREG(status.st_mode) ? static_cast<std::uint64_t>(status.st_size) : 0;
  entry.mode = status.st_mode & 07777;
  entry.uid = status.st_uid;
  entry.gid = status.st_gid;
  entry.mtime_ns = static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
  return entry;
}

core::Status apply_metadata(int fd, const FileEntry& entry, const std::string& name) {
  if (::fchown(fd, entry.uid, entry.gid) != 0 && errno != EPERM) {
    return io_error("cannot set the owner of", name);
  }
  if (::fchmod(fd, entry.mode) != 0) {
    return io_error("cannot set the mode of", name);
  }
  const timespec times[2] = {to_timespec(entry.mtime_ns), to_timespec(entry.mtime_ns)};
  if (::futimens(fd, times) != 0) {
    return io_error("cannot set the time of", name);
  }
  return {};
}

core::Status apply_metadata_at(const std::filesystem::path& path, const FileEntry& entry) {
  const std::string name = path.string();
  if (::lchown(path.c_str(), entry.uid, entry.gid) != 0 && errno != EPERM) {
    return io_error("cannot set the owner of", name);
  }
  if (entry.type != FileType::kSymlink && ::chmod(path.c_str(), entry.mode) != 0) {
    return io_error("cannot set the mode of", name);
  }
  const timespec times[2] = {to_timespec(entry.mtime_ns), to_timespec(entry.mtime_ns)};
  if (::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
    return io_error("cannot set the time of", name);
  }
  return {};
}

core::Status fsync_path(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return io_error("cannot open", path.string());
  }
  if (::fsync(fd.get()) != 0) {
    return io_error("cannot fsync", path.string());
  }
  return {};
}

}  // namespace opsdeck::backup
