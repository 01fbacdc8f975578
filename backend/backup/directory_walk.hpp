// Walks a service directory for backup: directories, regular files, symlinks and LMDB environments, skipping
// tmp/ and backups/ at the top, the user's exclude globs and any paths given (the repository itself).
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "backend/core/result.hpp"

namespace opsdeck::backup {

struct WalkOptions {
  std::vector<std::string> exclude_globs;         // fnmatch on the relative path and on the base name
  std::vector<std::filesystem::path> skip_paths;  // absolute paths never entered (the repository)
};

struct WalkedPath {
  std::string relative;  // '/'-separated, "" for the root
  struct stat status {};
};

struct SourceTree {
  std::vector<WalkedPath> directories;  // parents before children; the root first
  std::vector<WalkedPath> files;        // regular files, not data.mdb/lock.mdb of environments
  std::vector<WalkedPath> symlinks;
  std::vector<std::string> environments;  // relative directories holding data.mdb + lock.mdb
  std::uint64_t allocated_bytes = 0;      // of files and the environments' data.mdb
  std::size_t skipped_special = 0;        // sockets, fifos, devices
};

core::Result<SourceTree> walk_source(const std::filesystem::path& root, const WalkOptions& options);

}  // namespace opsdeck::backup
