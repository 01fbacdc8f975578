#include "backend/backup/sparse_copy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "backend/backup/sha256_hasher.hpp"
#include "backend/backup/unique_fd.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;
constexpr std::size_t kChunk = 1 << 20;

std::string errno_text(const std::string& what, const std::string& name) {
  return what + " " + name + ": " + std::strerror(errno);
}

// One reusable buffer per thread: copies run on a pool of workers.
char* chunk_buffer() {
  thread_local std::unique_ptr<char[]> buffer(new char[kChunk]);
  return buffer.get();
}

core::Status read_exact(int fd, char* buffer, std::size_t length, std::uint64_t offset,
                        const std::string& name) {
  std::size_t done = 0;
  while (done < length) {
    ssize_t got = ::pread(fd, buffer + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return core::fail(ErrorCategory::kIo, errno_text("cannot read", name));
    }
    if (got == 0) {
      return core::fail(ErrorCategory::kIo, "cannot read " + name + ": the file shrank while being copied");
    }
    done += static_cast<std::size_t>(got);
  }
  return {};
}

}  // namespace

core::Status write_all(int fd, const char* data, std::size_t length, std::int64_t offset,
                       const std::string& name) {
  std::size_t done = 0;
  while (done < length) {
    ssize_t wrote = offset < 0 ? ::write(fd, data + done, length - done)
                               : ::pwrite(fd, data + done, length - done,
                                          static_cast<off_t>(offset) + static_cast<off_t>(done));
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote < 0) {
      return core::fail(ErrorCategory::kIo, errno_text("cannot write", name));
    }
    done += static_cast<std::size_t>(wrote);
  }
  return {};
}

core::Result<std::vector<Extent>> data_extents(int fd, std::uint64_t size, const std::string& name) {
  std::vector<Extent> extents;
  off_t position = 0;
  const auto end = static_cast<off_t>(size);
  while (position < end) {
    off_t data = ::lseek(fd, position, SEEK_DATA);
    if (data < 0 && errno == ENXIO) {
      break;  // only a hole until the end
    }
    if (data < 0 && (errno == EINVAL || errno == EOPNOTSUPP)) {
      return std::vector<Extent>{{0, size}};  // no hole support: all data
    }
    if (data < 0) {
      return core::fail(ErrorCategory::kIo, errno_text("cannot seek in", name));
    }
    if (data >= end) {
      break;
    }
    off_t hole = ::lseek(fd, data, SEEK_HOLE);
    if (hole < 0) {
      return core::fail(ErrorCategory::kIo, errno_text("cannot seek in", name));
    }
    hole = std::min(hole, end);
    extents.push_back({static_cast<std::uint64_t>(data), static_cast<std::uint64_t>(hole - data)});
    position = hole;
  }
  return extents;
}

core::Result<CopiedFile> copy_sparse(int source_fd, int target_fd, std::uint64_t size,
                                     const std::string& name, ProgressCallback progress,
                                     void* progress_state) {
  CopiedFile copied;
  copied.size = size;
  auto extents = data_extents(source_fd, size, name);
  OPSDECK_TRY(extents);
  copied.extents = std::move(*extents);
  ::posix_fadvise(source_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  if (::ftruncate(target_fd, static_cast<off_t>(size)) != 0) {
    return core::fail(ErrorCategory::kIo, errno_text("cannot size the copy of", name));
  }
  Sha256Hasher hasher;
  char* buffer = chunk_buffer();
  for (const auto& extent : copied.extents) {
    std::uint64_t offset = extent.offset;
    const std::uint64_t extent_end = extent.offset + extent.length;
    while (offset < extent_end) {
      const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, extent_end - offset));
      OPSDECK_TRY(read_exact(source_fd, buffer, length, offset, name));
      hasher.update(buffer, length);
      OPSDECK_TRY(
          write_all(target_fd, buffer, length, static_cast<std::int64_t>(offset), "the copy of " + name));
      copied.bytes_read += length;
      offset += length;
      if (progress != nullptr) {
        progress(progress_state, length);
      }
    }
  }
  copied.sha256 = hasher.hex_digest();
  return copied;
}

core::Result<std::string> hash_extents(const std::filesystem::path& path,
                                       const std::vector<Extent>& extents) {
  const std::string name = path.string();
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    return core::fail(ErrorCategory::kIo, errno_text("cannot open", name));
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) {
    return core::fail(ErrorCategory::kIo, errno_text("cannot stat", name));
  }
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  Sha256Hasher hasher;
  char* buffer = chunk_buffer();
  for (const auto& extent : extents) {
    for (std::uint64_t offset = extent.offset; offset < extent.offset + extent.length;) {
      const auto length =
          static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, extent.offset + extent.length - offset));
      OPSDECK_TRY(read_exact(fd.get(), buffer, length, offset, name));
      hasher.update(buffer, length);
      offset += length;
    }
  }
  // Data the file holds outside the recorded extents must be zeros, or the file differs from the backup.
  auto actual = data_extents(fd.get(), static_cast<std::uint64_t>(status.st_size), name);
  OPSDECK_TRY(actual);
  std::size_t next = 0;
  for (const auto& range : *actual) {
    std::uint64_t offset = range.offset;
    const std::uint64_t range_end = range.offset + range.length;
    while (offset < range_end) {
      while (next < extents.size() && extents[next].offset + extents[next].length <= offset) {
        ++next;
      }
      if (next < extents.size() && extents[next].offset <= offset) {
        offset = extents[next].offset + extents[next].length;  // covered: already hashed
        continue;
      }
      std::uint64_t gap_end = range_end;
      if (next < extents.size()) {
        gap_end = std::min(gap_end, extents[next].offset);
      }
      for (; offset < gap_end;) {
        const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, gap_end - offset));
        OPSDECK_TRY(read_exact(fd.get(), buffer, length, offset, name));
        if (std::any_of(buffer, buffer + length, [](char byte) { return byte != 0; })) {
          return core::fail(ErrorCategory::kProtocol, name + ": holds data at offset " +
                                                          std::to_string(offset) +
                                                          " where the manifest records a hole");
        }
        offset += length;
      }
    }
  }
  return hasher.hex_digest();
}

core::Result<CopiedFile> hash_stream(int source_fd, int target_fd, const std::string& name) {
  CopiedFile copied;
  Sha256Hasher hasher;
  char* buffer = chunk_buffer();
  while (true) {
    ssize_t got = ::read(source_fd, buffer, kChunk);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return core::fail(ErrorCategory::kIo, errno_text("cannot read the stream of", name));
    }
    if (got == 0) {
      break;
    }
    hasher.update(buffer, static_cast<std::size_t>(got));
    OPSDECK_TRY(write_all(target_fd, buffer, static_cast<std::size_t>(got), -1, "the copy of " + name));
    copied.size += static_cast<std::uint64_t>(got);
  }
  copied.bytes_read = copied.size;
  if (copied.size > 0) {
    copied.extents.push_back({0, copied.size});
  }
  copied.sha256 = hasher.hex_digest();
  return copied;
}

}  // namespace opsdeck::backup
