#include "backend/backup/directory_restore.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "backend/backup/backup_repository.hpp"
#include "backend/backup/compressed_file.hpp"
#include "backend/backup/directory_walk.hpp"
#include "backend/backup/file_metadata.hpp"
#include "backend/backup/lmdb_environment.hpp"
#include "backend/backup/lock_holders.hpp"
#include "backend/backup/parallel_tasks.hpp"
#include "backend/backup/sparse_copy.hpp"
#include "backend/backup/unique_fd.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;
namespace fs = std::filesystem;

fs::path under(const fs::path& root, const std::string& relative) {
  return relative.empty() ? root : root / relative;
}

void add_bytes(void* state, std::uint64_t bytes) {
  static_cast<ParallelProgress*>(state)->bytes.fetch_add(bytes);
}

core::Status refuse_if_held(const fs::path& target, const Manifest& manifest) {
  std::vector<fs::path> files;
  auto add_environment = [&](const std::string& relative) {
    files.push_back(under(target, relative) / kLmdbLockFile);
    files.push_back(under(target, relative) / kLmdbDataFile);
  };
  for (const auto& environment : manifest.content.lmdb_environments) {
    add_environment(environment.path);
  }
  std::error_code error;
  if (fs::is_directory(target, error)) {
    auto existing = walk_source(target, {});
    if (existing.ok()) {
      for (const auto& environment : existing->environments) {
        add_environment(environment);
      }
    }
  }
  const auto holders = find_file_holders(files);
  if (holders.empty()) {
    return {};
  }
  std::string message = "refusing to restore into " + target.string() + " while the service uses it: ";
  for (std::size_t index = 0; index < holders.size() && index < 5; ++index) {
    message += (index ? "; " : "") + describe(holders[index]);
  }
  return core::fail(ErrorCategory::kConflict, message + " (stop the service first)");
}

// Copies a stored-as-is file sparse-aware and returns the SHA-256 over the manifest's extents.
core::Status copy_checked(int source_fd, int target_fd, const FileEntry& entry, const fs::path& source_path,
                          const fs::path& target_path, ParallelProgress& progress, std::string& digest) {
  auto copied = copy_sparse(source_fd, target_fd, entry.size, source_path.string(), add_bytes, &progress);
  OPSDECK_TRY(copied);
  digest = copied->sha256;
  if (copied->extents != entry.extents) {
    // The file system laid the backup out differently: hash the copy over the manifest's extents.
    auto rehashed = hash_extents(target_path, entry.extents);
    OPSDECK_TRY(rehashed);
    digest = *rehashed;
  }
  return {};
}

// Copies one regular file from the backup into the staging directory and checks it against the manifest.
core::Status restore_file(const fs::path& data_dir, const fs::path& staging, const FileEntry& entry,
                          ParallelProgress& progress) {
  const auto source_path = data_dir / entry.path;
  UniqueFd source(::open(source_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!source) {
    return core::fail(ErrorCategory::kIo, "the backup lacks " + entry.path + ": " + std::strerror(errno));
  }
  struct stat status {};
  const std::uint64_t stored_size = entry.compression.empty() ? entry.size : entry.stored_size;
  if (::fstat(source.get(), &status) != 0 || static_cast<std::uint64_t>(status.st_size) != stored_size) {
    return core::fail(ErrorCategory::kProtocol,
                      "the backup's " + entry.path + " is " + std::to_string(status.st_size) +
                          " bytes, the manifest says " + std::to_string(stored_size));
  }
  const auto target_path = staging / entry.path;
  UniqueFd target(::open(target_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!target) {
    return core::fail(ErrorCategory::kIo,
                      "cannot create " + target_path.string() + ": " + std::strerror(errno));
  }
  std::string digest;
  if (!entry.compression.empty()) {
    auto restored = restore_compressed_file(source_path, entry, target.get(),
                                            [&](std::uint64_t bytes) { progress.bytes.fetch_add(bytes); });
    OPSDECK_TRY(restored);
    digest = *restored;
  } else {
    OPSDECK_TRY(copy_checked(source.get(), target.get(), entry, source_path, target_path, progress, digest));
  }
  if (digest != entry.sha256) {
    return core::fail(ErrorCategory::kProtocol, "checksum mismatch for " + entry.path + ": the backup has " +
                                                    digest + ", the manifest records " + entry.sha256);
  }
  return apply_metadata(target.get(), entry, target_path.string());
}

core::Status write_staging(const fs::path& data_dir, const fs::path& staging, const Manifest& manifest,
                           unsigned workers, core::JobContext& job, std::size_t& file_count) {
  std::vector<const FileEntry*> directories, files, symlinks;
  for (const auto& entry : manifest.content.files) {
    (entry.type == FileType::kDirectory ? directories
     : entry.type == FileType::kSymlink ? symlinks
                                        : files)
        .push_back(&entry);
  }
  std::sort(directories.begin(), directories.end(),
            [](const FileEntry* left, const FileEntry* right) { return left->path < right->path; });
  for (const auto* directory : directories) {
    const auto path = under(staging, directory->path);
    if (!directory->path.empty() && ::mkdir(path.c_str(), 0700) != 0) {
      return core::fail(ErrorCategory::kIo, "cannot create " + path.string() + ": " + std::strerror(errno));
    }
  }
  job.set_total(static_cast<double>(manifest.total_allocated()), "bytes");
  ParallelProgress progress;
  OPSDECK_TRY(run_parallel(
      files.size(), workers,
      [&](std::size_t index) { return restore_file(data_dir, staging, *files[index], progress); }, progress,
      job));
  for (const auto* link : symlinks) {
    const auto path = staging / link->path;
    if (::symlink(link->link_target.c_str(), path.c_str()) != 0) {
      return core::fail(ErrorCategory::kIo,
                        "cannot create the symlink " + path.string() + ": " + std::strerror(errno));
    }
    OPSDECK_TRY(apply_metadata_at(path, *link));
  }
  for (auto it = directories.rbegin(); it != directories.rend(); ++it) {
    OPSDECK_TRY(apply_metadata_at(under(staging, (*it)->path), **it));
  }
  for (const auto& environment : manifest.content.lmdb_environments) {
    auto counts = count_lmdb_entries(under(staging, environment.path));
    OPSDECK_TRY(counts);
    if (counts->entry_counts != environment.entry_counts) {
      return core::fail(ErrorCategory::kProtocol,
                        "the restored LMDB environment \"" + environment.path +
                            "\" does not hold the entry counts the manifest records");
    }
  }
  UniqueFd sync_fd(::open(staging.c_str(), O_RDONLY | O_CLOEXEC));
  if (!sync_fd || ::syncfs(sync_fd.get()) != 0) {
    return core::fail(ErrorCategory::kIo, "cannot flush " + staging.string() + ": " + std::strerror(errno));
  }
  file_count = files.size();
  return {};
}

}  // namespace

core::Result<DirectoryRestoreResult> restore_directory(const DirectoryRestoreOptions& options,
                                                       const Manifest& manifest, core::JobContext& job) {
  if (manifest.kind != "directory") {
    return core::fail(ErrorCategory::kInvalidInput,
                      "backup " + manifest.id + " is a " + manifest.kind + " backup, not a directory backup");
  }
  const fs::path target = fs::absolute(options.target).lexically_normal();
  if (target.filename().empty() || target == target.root_path()) {
    return core::fail(ErrorCategory::kInvalidInput, "cannot restore into " + options.target.string());
  }
  const fs::path parent = target.parent_path();
  std::error_code error;
  if (!fs::is_directory(parent, error)) {
    return core::fail(ErrorCategory::kNotFound,
                      "the parent of the target, " + parent.string() + ", does not exist");
  }
  OPSDECK_TRY(refuse_if_held(target, manifest));
  const std::string stamp = backup_id_for(std::chrono::system_clock::now());
  const fs::path staging =
      parent / ("." + target.filename().string() + ".restore-" + stamp + "-" + std::to_string(::getpid()));
  if (::mkdir(staging.c_str(), 0700) != 0) {
    return core::fail(ErrorCategory::kIo, "cannot create " + staging.string() + ": " + std::strerror(errno));
  }
  job.message("restoring backup " + manifest.id + " into " + staging.string());
  DirectoryRestoreResult result;
  result.target = target;
  auto written = write_staging(options.data_dir, staging, manifest, options.workers, job, result.files);
  if (!written.ok()) {
    fs::remove_all(staging, error);
    return core::Unexpected{written.error()};
  }
  const bool had_target = fs::exists(fs::symlink_status(target, error));
  if (had_target) {
    result.previous = parent / (target.filename().string() + ".pre-restore-" + stamp);
    if (::rename(target.c_str(), result.previous.c_str()) != 0) {
      const std::string reason = std::strerror(errno);
      fs::remove_all(staging, error);
      return core::fail(ErrorCategory::kIo, "cannot move " + target.string() + " aside: " + reason);
    }
  }
  if (::rename(staging.c_str(), target.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    if (had_target && ::rename(result.previous.c_str(), target.c_str()) != 0) {
      return core::fail(ErrorCategory::kIo, "cannot swap in the restore (" + reason + ") and cannot put " +
                                                result.previous.string() + " back: do it by hand");
    }
    fs::remove_all(staging, error);
    return core::fail(ErrorCategory::kIo, "cannot swap in the restore: " + reason + "; the old data is back");
  }
  OPSDECK_TRY(fsync_path(parent));
  result.bytes = manifest.total_allocated();
  return result;
}

}  // namespace opsdeck::backup
