#include "backend/backup/compressed_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "backend/backup/file_metadata.hpp"
#include "backend/backup/parallel_tasks.hpp"
#include "backend/backup/sha256_hasher.hpp"
#include "backend/backup/unique_fd.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;
namespace fs = std::filesystem;
constexpr std::size_t kChunk = 1 << 20;

core::Unexpected io_failure(const std::string& what, const fs::path& path) {
  return core::fail(ErrorCategory::kIo, what + " " + path.string() + ": " + std::strerror(errno));
}

// Reads `length` bytes at `offset` (a short read means the file changed under us).
core::Status read_at(int fd, char* buffer, std::size_t length, std::uint64_t offset, const fs::path& path) {
  std::size_t done = 0;
  while (done < length) {
    const ssize_t got = ::pread(fd, buffer + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return got < 0 ? core::Status(io_failure("cannot read", path))
                     : core::fail(ErrorCategory::kIo, "cannot read " + path.string() +
                                                          ": it is shorter than "
                                                          "its manifest entry");
    }
    done += static_cast<std::size_t>(got);
  }
  return {};
}

core::Status compress_one(const fs::path& data_dir, FileEntry& entry, int level, ParallelProgress& progress) {
  const fs::path path = data_dir / entry.path;
  UniqueFd source(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!source && errno == EACCES && ::chmod(path.c_str(), (entry.mode & 07777) | S_IRUSR) == 0) {
    // The copy carries the source's mode (say 0200): make it readable; it is replaced below anyway.
    source.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  }
  if (!source) {
    return io_failure("cannot open", path);
  }
  const fs::path partial = path.parent_path() / ("." + path.filename().string() + ".zst-partial");
  UniqueFd target(::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!target) {
    return io_failure("cannot create", partial);
  }
  ZstdCompressor compressor(level);
  std::vector<char> buffer(kChunk);
  std::string out;
  std::uint64_t stored = 0;
  auto drain = [&]() -> core::Status {
    OPSDECK_TRY(write_all(target.get(), out.data(), out.size(), -1, partial.string()));
    stored += out.size();
    out.clear();
    return {};
  };
  for (const auto& extent : entry.extents) {
    for (std::uint64_t offset = extent.offset; offset < extent.offset + extent.length;) {
      const auto length =
          static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, extent.offset + extent.length - offset));
      OPSDECK_TRY(read_at(source.get(), buffer.data(), length, offset, path));
      OPSDECK_TRY(compressor.update(std::string_view(buffer.data(), length), out));
      OPSDECK_TRY(drain());
      progress.bytes.fetch_add(length);
      offset += length;
    }
  }
  OPSDECK_TRY(compressor.finish(out));
  OPSDECK_TRY(drain());
  OPSDECK_TRY(apply_metadata(target.get(), entry, partial.string()));
  if (::fsync(target.get()) != 0) {
    return io_failure("cannot fsync", partial);
  }
  target.reset();
  if (::rename(partial.c_str(), path.c_str()) != 0) {
    return io_failure("cannot rename the compressed copy over", path);
  }
  entry.compression = "zstd";
  entry.stored_size = stored;
  return {};
}

}  // namespace

core::Status compress_stored_files(const fs::path& data_dir, ManifestFragment& fragment,
                                   const CompressionSetting& setting, unsigned workers,
                                   core::JobContext& job) {
  if (!setting.enabled) {
    return {};
  }
  std::vector<FileEntry*> files;
  std::uint64_t total = 0;
  for (auto& entry : fragment.files) {
    if (entry.type == FileType::kRegular && entry.compression.empty() && entry.allocated_bytes() > 0) {
      files.push_back(&entry);
      total += entry.allocated_bytes();
    }
  }
  job.message("compressing " + std::to_string(files.size()) + " files with " + setting.describe());
  job.set_total(static_cast<double>(total), "bytes");
  ParallelProgress progress;
  return run_parallel(
      files.size(), workers,
      [&](std::size_t index) { return compress_one(data_dir, *files[index], setting.level, progress); },
      progress, job);
}

core::Status read_compressed_file(const fs::path& path, const FileEntry& entry, const PlacedBytesSink& sink) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    return io_failure("cannot open", path);
  }
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  ZstdDecompressor decompressor(path.string());
  std::size_t extent_index = 0;
  std::uint64_t extent_done = 0;  // bytes of extents[extent_index] already placed
  const std::string too_long = path.string() + ": decompresses to more data than the manifest's extents hold";
  const ZstdDecompressor::Sink place = [&](std::string_view bytes) -> core::Status {
    while (!bytes.empty()) {
      while (extent_index < entry.extents.size() && extent_done == entry.extents[extent_index].length) {
        ++extent_index;
        extent_done = 0;
      }
      if (extent_index == entry.extents.size()) {
        return core::fail(ErrorCategory::kProtocol, too_long);
      }
      const Extent& extent = entry.extents[extent_index];
      const auto piece =
          static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), extent.length - extent_done));
      OPSDECK_TRY(sink(extent.offset + extent_done, bytes.substr(0, piece)));
      extent_done += piece;
      bytes.remove_prefix(piece);
    }
    return {};
  };
  std::vector<char> buffer(kChunk);
  for (;;) {
    const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return io_failure("cannot read", path);
    }
    if (got == 0) {
      break;
    }
    OPSDECK_TRY(decompressor.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)), place));
  }
  OPSDECK_TRY(decompressor.finish());
  std::uint64_t placed = extent_done;
  for (std::size_t index = 0; index < extent_index && index < entry.extents.size(); ++index) {
    placed += entry.extents[index].length;
  }
  if (placed != entry.allocated_bytes()) {
    return core::fail(ErrorCategory::kProtocol,
                      path.string() + ": decompresses to " + std::to_string(placed) +
                          " bytes, the manifest's extents hold " + std::to_string(entry.allocated_bytes()));
  }
  return {};
}

core::Result<std::string> hash_compressed_file(const fs::path& path, const FileEntry& entry) {
  Sha256Hasher hasher;
  OPSDECK_TRY(read_compressed_file(path, entry, [&](std::uint64_t, std::string_view bytes) -> core::Status {
    hasher.update(bytes.data(), bytes.size());
    return {};
  }));
  return hasher.hex_digest();
}

core::Result<std::string> restore_compressed_file(const fs::path& path, const FileEntry& entry, int target_fd,
                                                  const std::function<void(std::uint64_t)>& progress) {
  if (::ftruncate(target_fd, static_cast<off_t>(entry.size)) != 0) {
    return io_failure("cannot size the restore of", path);
  }
  Sha256Hasher hasher;
  const PlacedBytesSink write_placed = [&](std::uint64_t offset, std::string_view bytes) -> core::Status {
    if (offset + bytes.size() > entry.size) {
      return core::fail(ErrorCategory::kProtocol, path.string() + ": an extent reaches past the file's size");
    }
    hasher.update(bytes.data(), bytes.size());
    OPSDECK_TRY(write_all(target_fd, bytes.data(), bytes.size(), static_cast<std::int64_t>(offset),
                          "the restore of " + entry.path));
    if (progress) {
      progress(bytes.size());
    }
    return {};
  };
  OPSDECK_TRY(read_compressed_file(path, entry, write_placed));
  return hasher.hex_digest();
}

}  // namespace opsdeck::backup
