// Compressed files in a backup. After a source wrote its staging directory, every regular file with data is
// replaced by one zstd frame of its extents' bytes in order (holes are not stored); the manifest entry keeps
// the original size, extents and SHA-256 and gains compression = "zstd" and stored_size. Verify and restore
// read such a file back by decompressing it as a stream and putting each byte at its original offset, so a
// sparse file is restored with its holes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "backend/backup/backup_manifest.hpp"
#include "backend/backup/zstd_stream.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

// Compresses every regular file of `fragment` with data under `data_dir` in place (write a temporary file,
// fsync, rename over the original) and records it in the entries. Progress in original bytes.
core::Status compress_stored_files(const std::filesystem::path& data_dir, ManifestFragment& fragment,
                                   const CompressionSetting& setting, unsigned workers,
                                   core::JobContext& job);

// Decompresses the stored file `path` of `entry` (compression "zstd"), calling `sink(offset, bytes)` with the
// original bytes at their offsets in order. Fails when the data is corrupt or does not fill the extents
// exactly.
using PlacedBytesSink = std::function<core::Status(std::uint64_t offset, std::string_view bytes)>;
core::Status read_compressed_file(const std::filesystem::path& path, const FileEntry& entry,
                                  const PlacedBytesSink& sink);

// The SHA-256 (hex) of the original bytes of a compressed stored file (what the manifest's sha256 records).
core::Result<std::string> hash_compressed_file(const std::filesystem::path& path, const FileEntry& entry);

// Writes the original file into `target_fd` (empty): sized to entry.size, only the extents written, so holes
// stay holes. Returns the SHA-256 of the bytes written; `progress(bytes)` after every piece.
core::Result<std::string> restore_compressed_file(const std::filesystem::path& path, const FileEntry& entry,
                                                  int target_fd,
                                                  const std::function<void(std::uint64_t)>& progress);

}  // namespace opsdeck::backup
