#include "backend/backup/mariadb/dump_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace opsdeck::backup {
namespace {

constexpr std::size_t kBufferBytes = 4U << 20U;

core::Unexpected io_failure(const std::filesystem::path& path, std::string_view doing, int error) {
  return core::fail(core::ErrorCategory::kIo,
                    std::string(doing) + " " + path.string() + ": " + std::strerror(error));
}

}  // namespace

DumpFileWriter::DumpFileWriter(std::filesystem::path path, int fd)
    : path_(std::move(path)), fd_(fd), hasher_(std::make_unique<Sha256Hasher>()) {
  buffer_.reserve(kBufferBytes);
}

// Moved only before the first flush (out of create()): no write is in flight then.
DumpFileWriter::DumpFileWriter(DumpFileWriter&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)),
      bytes_written_(other.bytes_written_),
      hasher_(std::move(other.hasher_)),
      sha256_(std::move(other.sha256_)) {
}

DumpFileWriter::~DumpFileWriter() {
  if (pending_.valid()) {
    pending_.wait();
  }
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

core::Result<DumpFileWriter> DumpFileWriter::create(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return io_failure(path, "creating the dump file", errno);
  }
  return DumpFileWriter(path, fd);
}

core::Status DumpFileWriter::write(std::string_view bytes) {
  if (buffer_.size() + bytes.size() > kBufferBytes) {
    OPSDECK_TRY(flush());
  }
  if (bytes.size() >= kBufferBytes) {
    buffer_.assign(bytes);
    return flush();
  }
  buffer_.append(bytes);
  return {};
}

core::Status DumpFileWriter::write_out(const std::string& data) {
  std::size_t offset = 0;
  while (offset < data.size()) {
    const ssize_t written = ::write(fd_, data.data() + offset, data.size() - offset);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return io_failure(path_, "writing the dump file", errno);
    }
    offset += static_cast<std::size_t>(written);
  }
  hasher_->update(data.data(), data.size());
  return {};
}

core::Status DumpFileWriter::wait_pending() {
  if (!pending_.valid()) {
    return {};
  }
  return pending_.get();
}

core::Status DumpFileWriter::flush() {
  OPSDECK_TRY(wait_pending());
  if (buffer_.empty()) {
    return {};
  }
  std::swap(buffer_, in_flight_);
  buffer_.clear();
  buffer_.reserve(kBufferBytes);
  bytes_written_ += in_flight_.size();
  pending_ = std::async(std::launch::async, [this] { return write_out(in_flight_); });
  return {};
}

core::Status DumpFileWriter::finish() {
  OPSDECK_TRY(flush());
  OPSDECK_TRY(wait_pending());
  sha256_ = hasher_->hex_digest();
  if (::fsync(fd_) != 0) {
    return io_failure(path_, "syncing the dump file", errno);
  }
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) {
    return io_failure(path_, "closing the dump file", errno);
  }
  return {};
}

DumpFileReader::DumpFileReader(std::filesystem::path path, int fd, std::uint64_t size)
    : path_(std::move(path)), fd_(fd), size_(size) {
  buffer_.resize(kBufferBytes);
}

DumpFileReader::DumpFileReader(DumpFileReader&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      size_(other.size_),
      consumed_(other.consumed_),
      buffer_(std::move(other.buffer_)),
      decompressor_(std::move(other.decompressor_)),
      decompressed_(std::move(other.decompressed_)) {
}

DumpFileReader::~DumpFileReader() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

core::Result<DumpFileReader> DumpFileReader::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return io_failure(path, "opening the dump file", errno);
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return io_failure(path, "reading the size of the dump file", error);
  }
  DumpFileReader reader(path, fd, static_cast<std::uint64_t>(info.st_size));
  char magic[4] = {};
  const ssize_t got = ::pread(fd, magic, sizeof magic, 0);
  if (got == static_cast<ssize_t>(sizeof magic) &&
      starts_with_zstd_magic(std::string_view(magic, sizeof magic))) {
    reader.decompressor_ = std::make_unique<ZstdDecompressor>(path.string());
  }
  return reader;
}

core::Result<std::string_view> DumpFileReader::next() {
  decompressed_.clear();
  for (;;) {
    const ssize_t got = ::read(fd_, buffer_.data(), buffer_.size());
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return io_failure(path_, "reading the dump file", errno);
    }
    consumed_ += static_cast<std::uint64_t>(got);
    const std::string_view chunk(buffer_.data(), static_cast<std::size_t>(got));
    if (!decompressor_) {
      return chunk;
    }
    if (got == 0) {
      OPSDECK_TRY(decompressor_->finish());
      return std::string_view();
    }
    OPSDECK_TRY(decompressor_->feed(chunk, [this](std::string_view bytes) -> core::Status {
      decompressed_.append(bytes);
      return {};
    }));
    if (!decompressed_.empty()) {
      return std::string_view(decompressed_);
    }
  }
}

core::Result<bool> DumpFileReader::ends_with_complete_marker() const {
  if (decompressor_) {
    // The end of a compressed dump is only known by decompressing all of it (streamed, the tail kept).
    ZstdDecompressor decompressor(path_.string());
    std::string tail;
    std::string chunk(1U << 20U, '\0');
    for (off_t offset = 0;;) {
      const ssize_t got = ::pread(fd_, chunk.data(), chunk.size(), offset);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got < 0) {
        return io_failure(path_, "reading the dump file", errno);
      }
      if (got == 0) {
        break;
      }
      offset += got;
      auto fed = decompressor.feed(std::string_view(chunk.data(), static_cast<std::size_t>(got)),
                                   [&tail](std::string_view bytes) -> core::Status {
                                     tail.append(bytes);
                                     if (tail.size() > 2 * kDumpCompleteMarker.size()) {
                                       tail.erase(0, tail.size() - kDumpCompleteMarker.size());
                                     }
                                     return {};
                                   });
      if (!fed.ok()) {
        return false;
      }
    }
    return decompressor.finish().ok() && tail.size() >= kDumpCompleteMarker.size() &&
           std::string_view(tail).substr(tail.size() - kDumpCompleteMarker.size()) == kDumpCompleteMarker;
  }
  if (size_ < kDumpCompleteMarker.size()) {
    return false;
  }
  std::string tail(kDumpCompleteMarker.size(), '\0');
  const auto offset = static_cast<off_t>(size_ - tail.size());
  const ssize_t got = ::pread(fd_, tail.data(), tail.size(), offset);
  if (got < 0) {
    return io_failure(path_, "reading the end of the dump file", errno);
  }
  return static_cast<std::size_t>(got) == tail.size() && tail == kDumpCompleteMarker;
}

}  // namespace opsdeck::backup
