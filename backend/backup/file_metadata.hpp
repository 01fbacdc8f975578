// File metadata for backup and restore: read it from a stat into a manifest entry, put it back on a copy
// (mode, owner where permitted, mtime), and fsync directories.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "backend/backup/backup_manifest.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

FileEntry entry_from_stat(const std::string& relative_path, const struct stat& status);

// Mode and mtime always; owner only when the process may set it (EPERM is ignored, other errors fail).
core::Status apply_metadata(int fd, const FileEntry& entry, const std::string& name);
// For symlinks and directories by path (symlinks are not followed; their mode is not settable).
core::Status apply_metadata_at(const std::filesystem::path& path, const FileEntry& entry);

core::Status fsync_path(const std::filesystem::path& path);

}  // namespace opsdeck::backup
