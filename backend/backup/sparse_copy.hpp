// Sparse-aware copying and hashing of one regular file. Only allocated data is read (SEEK_DATA/SEEK_HOLE);
// holes stay holes in the copy. The SHA-256 recorded in the manifest covers the bytes of the listed extents
// in order; every byte outside them is zero. For a file without holes this is the plain `sha256sum`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "backend/backup/backup_manifest.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

struct CopiedFile {
  std::uint64_t size = 0;
  std::vector<Extent> extents;
  std::string sha256;
  std::uint64_t bytes_read = 0;
};

// The data extents of an open file descriptor (SEEK_DATA/SEEK_HOLE); one [0, size) extent when the file
// system does not report holes.
core::Result<std::vector<Extent>> data_extents(int fd, std::uint64_t size, const std::string& name);

// Copies `source_fd` (of `size` bytes) into `target_fd` (empty), reading and writing only data extents,
// hashing as it goes; `progress` is called with bytes copied since the last call (may be empty).
using ProgressCallback = void (*)(void* state, std::uint64_t bytes);
core::Result<CopiedFile> copy_sparse(int source_fd, int target_fd, std::uint64_t size,
                                     const std::string& name, ProgressCallback progress = nullptr,
                                     void* progress_state = nullptr);

// Hashes `path` over `extents` (as recorded in the manifest) and checks that the file holds no data outside
// them (any allocated range outside must read as zeros). Returns the hex SHA-256.
core::Result<std::string> hash_extents(const std::filesystem::path& path, const std::vector<Extent>& extents);

// Reads all of `fd` from its current position, hashing and writing it to `target_fd` (used for LMDB copies
// streamed through a pipe). Returns the bytes written and the hash.
core::Result<CopiedFile> hash_stream(int source_fd, int target_fd, const std::string& name);

}  // namespace opsdeck::backup
