#include "backend/backup/directory_walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>

#include <cerrno>
#include <cstring>

#include "backend/backup/lmdb_environment.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;

bool excluded(const std::string& relative, const std::string& base, bool is_directory,
              const WalkOptions& options) {
  if (is_directory && relative == base && (base == "tmp" || base == "backups")) {
    return true;  // as Synapse: the service's scratch space and its own backups are not backed up
  }
  for (const auto& glob : options.exclude_globs) {
    if (::fnmatch(glob.c_str(), relative.c_str(), 0) == 0 || ::fnmatch(glob.c_str(), base.c_str(), 0) == 0) {
      return true;
    }
  }
  return false;
}

std::string join(const std::string& parent, const std::string& name) {
  return parent.empty() ? name : parent + "/" + name;
}

}  // namespace

core::Result<SourceTree> walk_source(const std::filesystem::path& root, const WalkOptions& options) {
  SourceTree tree;
  WalkedPath top;
  if (::lstat(root.c_str(), &top.status) != 0) {
    return core::fail(ErrorCategory::kNotFound,
                      "cannot read the source directory " + root.string() + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(top.status.st_mode)) {
    return core::fail(ErrorCategory::kInvalidInput, "the source " + root.string() + " is not a directory");
  }
  tree.directories.push_back(top);
  for (std::size_t index = 0; index < tree.directories.size(); ++index) {
    const std::string parent = tree.directories[index].relative;
    const std::filesystem::path directory = parent.empty() ? root : root / parent;
    const bool environment = is_lmdb_environment(directory);
    if (environment) {
      tree.environments.push_back(parent);
    }
    DIR* handle = ::opendir(directory.c_str());
    if (handle == nullptr) {
      return core::fail(ErrorCategory::kIo,
                        "cannot list " + directory.string() + ": " + std::strerror(errno));
    }
    std::vector<WalkedPath> children;
    while (dirent* item = ::readdir(handle)) {
      const std::string name = item->d_name;
      if (name == "." || name == "..") {
        continue;
      }
      WalkedPath child;
      child.relative = join(parent, name);
      if (::fstatat(::dirfd(handle), item->d_name, &child.status, AT_SYMLINK_NOFOLLOW) != 0) {
        continue;  // removed by the live service since readdir
      }
      children.push_back(std::move(child));
    }
    ::closedir(handle);
    for (auto& child : children) {
      const std::string base = child.relative.substr(child.relative.rfind('/') + 1);
      const bool is_directory = S_ISDIR(child.status.st_mode);
      if (excluded(child.relative, base, is_directory, options)) {
        continue;
      }
      if (is_directory) {
        bool skip = false;
        for (const auto& path : options.skip_paths) {
          std::error_code error;
          skip = skip || std::filesystem::equivalent(root / child.relative, path, error);
        }
        if (!skip) {
          tree.directories.push_back(std::move(child));
        }
      } else if (S_ISLNK(child.status.st_mode)) {
        tree.symlinks.push_back(std::move(child));
      } else if (S_ISREG(child.status.st_mode)) {
        if (environment && (base == kLmdbDataFile || base == kLmdbLockFile)) {
          if (base == kLmdbDataFile) {
            tree.allocated_bytes += static_cast<std::uint64_t>(child.status.st_blocks) * 512;
          }
          continue;
        }
        tree.allocated_bytes += static_cast<std::uint64_t>(child.status.st_blocks) * 512;
        tree.files.push_back(std::move(child));
      } else {
        ++tree.skipped_special;
      }
    }
  }
  return tree;
}

}  // namespace opsdeck::backup
