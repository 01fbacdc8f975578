// Dump files on disk: a buffered writer that creates the file 0600 (dumps hold the data) and fsyncs it before
// saying it is complete, and a chunked reader for restores. Large buffers: a dump is written in megabytes,
// and each full buffer is written and hashed on a helper thread while the caller fills the next one.
// The reader reads dumps a compressed backup stored (one zstd frame, backend/backup/compressed_file.hpp)
// transparently: it recognises the zstd magic and hands out the decompressed bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <string_view>

#include "backend/backup/sha256_hasher.hpp"
#include "backend/backup/zstd_stream.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

// The last line of every complete opsdeck dump; a dump without it was cut short and is never restored.
inline constexpr std::string_view kDumpCompleteMarker = "-- opsdeck dump complete\n";

class DumpFileWriter {
 public:
  // Creates `path`; fails when it already exists (a dump never overwrites anything).
  static core::Result<DumpFileWriter> create(const std::filesystem::path& path);
  DumpFileWriter(DumpFileWriter&& other) noexcept;
  DumpFileWriter& operator=(DumpFileWriter&&) = delete;
  ~DumpFileWriter();

  core::Status write(std::string_view bytes);
  // Flushes, fsyncs and closes; the file is complete only after this succeeded.
  core::Status finish();
  std::uint64_t bytes_written() const { return bytes_written_; }
  const std::filesystem::path& path() const { return path_; }
  // SHA-256 of everything written (lowercase hex), hashed on the way out; valid after finish().
  const std::string& sha256() const { return sha256_; }

 private:
  DumpFileWriter(std::filesystem::path path, int fd);
  core::Status flush();
  core::Status wait_pending();
  core::Status write_out(const std::string& data);
  std::filesystem::path path_;
  int fd_ = -1;
  std::string buffer_;
  std::string in_flight_;              // being written by pending_
  std::future<core::Status> pending_;  // the write of in_flight_
  std::uint64_t bytes_written_ = 0;
  std::unique_ptr<Sha256Hasher> hasher_;
  std::string sha256_;
};

class DumpFileReader {
 public:
  static core::Result<DumpFileReader> open(const std::filesystem::path& path);
  DumpFileReader(DumpFileReader&& other) noexcept;
  DumpFileReader& operator=(DumpFileReader&&) = delete;
  ~DumpFileReader();

  // The next chunk (of original bytes); empty at the end of the file.
  core::Result<std::string_view> next();
  // Size of the file on disk and how much of it was read so far (for progress).
  std::uint64_t size() const { return size_; }
  std::uint64_t consumed() const { return consumed_; }
  bool compressed() const { return decompressor_ != nullptr; }
  // Whether the file ends with kDumpCompleteMarker (read without moving the chunk position).
  core::Result<bool> ends_with_complete_marker() const;

 private:
  DumpFileReader(std::filesystem::path path, int fd, std::uint64_t size);
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::uint64_t consumed_ = 0;
  std::string buffer_;
  std::unique_ptr<ZstdDecompressor> decompressor_;
  std::string decompressed_;
};

}  // namespace opsdeck::backup
