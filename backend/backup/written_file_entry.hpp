// The manifest entry for a file a source wrote itself (a dump), with the SHA-256 computed while writing it.
#pragma once

#include <filesystem>
#include <string>

#include "backend/backup/backup_manifest.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

core::Result<FileEntry> written_file_entry(const std::filesystem::path& staging_dir,
                                           const std::filesystem::path& file, const std::string& sha256);

}  // namespace opsdeck::backup
