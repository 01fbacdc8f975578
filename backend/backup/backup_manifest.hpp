// The manifest of one backup (manifest.json at the top of a backup directory): what was backed up, by which
// tool version and when, and every file with its size, allocated extents, mode and SHA-256, so `backup
// verify` can check a backup without the source and a restore can check what it wrote. Each source writes a
// fragment (its files, LMDB environments and source-specific details); the repository wraps it with the run's
// metadata.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/core/result.hpp"

namespace opsdeck::backup {

// A data range of a sparse file: [offset, offset + length) is allocated, everything else is a hole.
struct Extent {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  bool operator==(const Extent&) const = default;
};

enum class FileType { kRegular, kDirectory, kSymlink };
std::string_view to_string(FileType type);

// One entry under the backup's data directory. `path` is relative ("db/main/data.mdb"), '/'-separated.
struct FileEntry {
  std::string path;
  FileType type = FileType::kRegular;
  std::uint64_t size = 0;       // apparent size (regular files)
  std::vector<Extent> extents;  // allocated data ranges as stored in the backup (regular files)
  std::uint32_t mode = 0;       // permission bits (07777)
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::int64_t mtime_ns = 0;  // nanoseconds since the epoch
  std::string sha256;         // lowercase hex of the file's bytes (holes read as zeros); regular files only
  std::string link_target;    // symlinks only
  // "" = stored as is; "zstd" = the backup holds one zstd frame of the extents' bytes in order (holes are not
  // stored). size, extents and sha256 always describe the original bytes; stored_size is the file's size
  // in the backup.
  std::string compression;
  std::uint64_t stored_size = 0;

  std::uint64_t allocated_bytes() const;  // sum of extent lengths
};

// An LMDB environment copied with the compacting copy: its directory and the entries of every database,
// "" for the unnamed main database. Restore opens the copy and compares these counts.
struct LmdbEnvironmentEntry {
  std::string path;  // directory relative to the data directory ("" when the source root is the environment)
  std::uint64_t map_size = 0;
  std::map<std::string, std::uint64_t> entry_counts;
  bool operator==(const LmdbEnvironmentEntry&) const = default;
};

// What one source's write_into returns: the files it wrote under the staging directory, LMDB environments,
// and source-specific details (MariaDB: per-table row counts and CHECKSUM TABLE; Redis: key counts per type).
struct ManifestFragment {
  std::vector<FileEntry> files;
  std::vector<LmdbEnvironmentEntry> lmdb_environments;
  nlohmann::json details = nlohmann::json::object();
  std::uint64_t bytes_written = 0;  // allocated bytes written (for the summary and progress)
};

// The whole manifest.json.
struct Manifest {
  static constexpr int kFormatVersion = 1;
  int format_version = kFormatVersion;
  std::string id;            // the backup's directory name, UTC "%Y%m%d%H%M%S"
  std::string source;        // the source's name: a path or a configured name
  std::string kind;          // "directory", "mariadb", "redis"
  std::string tool_version;  // OPSDECK_VERSION
  std::string hostname;
  std::int64_t started_at = 0;   // unix seconds, UTC
  std::int64_t finished_at = 0;  // unix seconds, UTC
  ManifestFragment content;

  std::uint64_t total_size() const;       // apparent bytes of every regular file
  std::uint64_t total_allocated() const;  // allocated bytes of every regular file
  std::uint64_t total_stored() const;     // bytes the regular files take in the backup (compressed or not)
  std::string compression() const;        // "zstd" when any file is compressed, else "none"
};

nlohmann::json to_json(const FileEntry& entry);
nlohmann::json to_json(const LmdbEnvironmentEntry& entry);
nlohmann::json to_json(const ManifestFragment& fragment);
nlohmann::json to_json(const Manifest& manifest);

// Parsing checks every field's type; the error names the field ("manifest.json: files[3].sha256: ...").
core::Result<FileEntry> file_entry_from_json(const nlohmann::json& value);
core::Result<ManifestFragment> fragment_from_json(const nlohmann::json& value);
core::Result<Manifest> manifest_from_json(const nlohmann::json& value);

}  // namespace opsdeck::backup
