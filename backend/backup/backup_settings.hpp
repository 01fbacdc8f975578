// Backup settings from the configuration: the repository (`backup.repo`, overridden by --repo), named
// sources (`backup.sources` = "name=/path;other=/path"), exclude globs, worker count and compression.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "backend/backup/directory_source.hpp"
#include "backend/backup/zstd_stream.hpp"
#include "backend/core/config.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

struct BackupSettings {
  std::filesystem::path repo;
  std::map<std::string, std::filesystem::path> sources;
  std::vector<std::string> exclude_globs;
  unsigned workers = 4;
  CompressionSetting compression;  // backup.compression
};

// Fails naming the key when backup.sources is malformed.
core::Result<BackupSettings> backup_settings_from_config(const core::Config& config);

// SOURCE as given on the command line: a configured name, else a directory path. The repository is skipped
// when it lies inside the source.
core::Result<DirectorySourceOptions> resolve_directory_source(const std::string& source,
                                                              const BackupSettings& settings);

}  // namespace opsdeck::backup
