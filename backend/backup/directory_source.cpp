#include "backend/backup/directory_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "backend/backup/directory_restore.hpp"
#include "backend/backup/file_metadata.hpp"
#include "backend/backup/lmdb_environment.hpp"
#include "backend/backup/parallel_tasks.hpp"
#include "backend/backup/sparse_copy.hpp"
#include "backend/backup/unique_fd.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;

void add_bytes(void* state, std::uint64_t bytes) {
  static_cast<ParallelProgress*>(state)->bytes.fetch_add(bytes);
}

std::filesystem::path under(const std::filesystem::path& root, const std::string& relative) {
  return relative.empty() ? root : root / relative;
}

std::string join(const std::string& parent, const std::string& name) {
  return parent.empty() ? name : parent + "/" + name;
}

// Copies one regular file; a file the live service removed since the walk is skipped (nullopt).
core::Result<std::optional<FileEntry>> copy_one_file(const std::filesystem::path& root,
                                                     const std::filesystem::path& staging,
                                                     const WalkedPath& file, ParallelProgress& progress) {
  const auto source_path = root / file.relative;
  UniqueFd source(::open(source_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOATIME));
  if (!source && errno == EPERM) {
    source.reset(::open(source_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  }
  if (!source && errno == ENOENT) {
    return std::optional<FileEntry>{};
  }
  if (!source) {
    return core::fail(ErrorCategory::kIo,
                      "cannot open " + source_path.string() + ": " + std::strerror(errno));
  }
  struct stat status {};
  if (::fstat(source.get(), &status) != 0 || !S_ISREG(status.st_mode)) {
    return std::optional<FileEntry>{};
  }
  const auto target_path = staging / file.relative;
  UniqueFd target(::open(target_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!target) {
    return core::fail(ErrorCategory::kIo,
                      "cannot create " + target_path.string() + ": " + std::strerror(errno));
  }
  auto copied = copy_sparse(source.get(), target.get(), static_cast<std::uint64_t>(status.st_size),
                            source_path.string(), add_bytes, &progress);
  OPSDECK_TRY(copied);
  FileEntry entry = entry_from_stat(file.relative, status);
  entry.extents = std::move(copied->extents);
  entry.sha256 = std::move(copied->sha256);
  OPSDECK_TRY(apply_metadata(target.get(), entry, target_path.string()));
  return std::optional<FileEntry>(std::move(entry));
}

}  // namespace

DirectorySource::DirectorySource(DirectorySourceOptions options) : options_(std::move(options)) {
}

std::string DirectorySource::name() const {
  return options_.name.empty() ? options_.root.string() : options_.name;
}

core::Result<std::uint64_t> DirectorySource::estimate_bytes() {
  auto tree = walk_source(options_.root, options_.walk);
  OPSDECK_TRY(tree);
  tree_ = std::move(*tree);
  return tree_->allocated_bytes;
}

core::Result<ManifestFragment> DirectorySource::write_into(const std::filesystem::path& staging_dir,
                                                           core::JobContext& job) {
  if (!tree_) {
    OPSDECK_TRY(estimate_bytes());
  }
  const SourceTree& tree = *tree_;
  const auto& root = options_.root;
  job.set_total(static_cast<double>(tree.allocated_bytes), "bytes");
  for (std::size_t index = 1; index < tree.directories.size(); ++index) {
    const auto path = staging_dir / tree.directories[index].relative;
    if (::mkdir(path.c_str(), 0700) != 0) {
      return core::fail(ErrorCategory::kIo, "cannot create " + path.string() + ": " + std::strerror(errno));
    }
  }
  // Every environment gets its read transaction before any is copied: the set is taken together.
  std::vector<std::unique_ptr<LmdbSnapshot>> snapshots;
  for (const auto& environment : tree.environments) {
    auto snapshot = LmdbSnapshot::open(under(root, environment));
    OPSDECK_TRY(snapshot);
    snapshots.push_back(std::move(*snapshot));
  }
  job.message("copying " + std::to_string(tree.environments.size()) + " LMDB environments and " +
              std::to_string(tree.files.size()) + " files from " + root.string());

  ManifestFragment fragment;
  fragment.lmdb_environments.resize(tree.environments.size());
  std::vector<std::optional<FileEntry>> environment_files(tree.environments.size());
  std::vector<std::optional<FileEntry>> files(tree.files.size());
  // Environments first (largest work), then files largest first so the pool ends evenly.
  std::vector<std::size_t> order(tree.files.size());
  for (std::size_t index = 0; index < order.size(); ++index) {
    order[index] = index;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return tree.files[left].status.st_blocks > tree.files[right].status.st_blocks;
  });
  ParallelProgress progress;
  const std::size_t environment_count = tree.environments.size();
  auto task = [&](std::size_t index) -> core::Status {
    if (index < environment_count) {
      const std::string data_relative = join(tree.environments[index], kLmdbDataFile);
      const auto target_path = staging_dir / data_relative;
      auto copied = snapshots[index]->copy_to(target_path);
      OPSDECK_TRY(copied);
      progress.bytes.fetch_add(copied->file.size);
      UniqueFd target(::open(target_path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
      if (!target) {
        return core::fail(ErrorCategory::kIo,
                          "cannot open " + target_path.string() + ": " + std::strerror(errno));
      }
      struct stat status {};
      if (::stat((root / data_relative).c_str(), &status) != 0) {
        return core::fail(ErrorCategory::kIo, "cannot stat " + (root / data_relative).string());
      }
      FileEntry entry = entry_from_stat(data_relative, status);
      entry.size = copied->file.size;
      entry.extents = std::move(copied->file.extents);
      entry.sha256 = std::move(copied->file.sha256);
      OPSDECK_TRY(apply_metadata(target.get(), entry, target_path.string()));
      target.reset();
      LmdbEnvironmentEntry environment;
      environment.path = tree.environments[index];
      environment.map_size = snapshots[index]->map_size();
      environment.entry_counts = std::move(copied->entry_counts);
      fragment.lmdb_environments[index] = std::move(environment);
      environment_files[index] = std::move(entry);
      return {};
    }
    const std::size_t file_index = order[index - environment_count];
    auto copied = copy_one_file(root, staging_dir, tree.files[file_index], progress);
    OPSDECK_TRY(copied);
    files[file_index] = std::move(*copied);
    return {};
  };
  OPSDECK_TRY(run_parallel(environment_count + tree.files.size(), options_.workers, task, progress, job));
  snapshots.clear();
  job.message("copied " + std::to_string(progress.files.load()) + " files and LMDB environments, " +
              std::to_string(progress.bytes.load()) + " bytes");

  for (const auto& link : tree.symlinks) {
    std::error_code error;
    const auto target = std::filesystem::read_symlink(root / link.relative, error);
    if (error) {
      continue;  // removed since the walk
    }
    const auto path = staging_dir / link.relative;
    if (::symlink(target.c_str(), path.c_str()) != 0) {
      return core::fail(ErrorCategory::kIo,
                        "cannot create the symlink " + path.string() + ": " + std::strerror(errno));
    }
    FileEntry entry = entry_from_stat(link.relative, link.status);
    entry.link_target = target.string();
    OPSDECK_TRY(apply_metadata_at(path, entry));
    fragment.files.push_back(std::move(entry));
  }
  for (auto& entry : environment_files) {
    fragment.bytes_written += entry->allocated_bytes();
    fragment.files.push_back(std::move(*entry));
  }
  for (auto& entry : files) {
    if (entry) {
      fragment.bytes_written += entry->allocated_bytes();
      fragment.files.push_back(std::move(*entry));
    }
  }
  // Directories last, deepest first: creating their children changed their mtimes.
  for (std::size_t index = tree.directories.size(); index-- > 0;) {
    const auto& directory = tree.directories[index];
    FileEntry entry = entry_from_stat(directory.relative, directory.status);
    OPSDECK_TRY(apply_metadata_at(under(staging_dir, directory.relative), entry));
    fragment.files.push_back(std::move(entry));
  }
  std::sort(fragment.files.begin(), fragment.files.end(),
            [](const FileEntry& left, const FileEntry& right) { return left.path < right.path; });
  fragment.details = {{"root", root.string()},
                      {"files", files.size()},
                      {"lmdb_environments", environment_count},
                      {"skipped_special_files", tree.skipped_special}};
  return fragment;
}

core::Status DirectorySource::restore_from(const std::filesystem::path& data_dir, const Manifest& manifest,
                                           const std::string& target, core::JobContext& job) {
  DirectoryRestoreOptions restore;
  restore.data_dir = data_dir;
  restore.target = target;
  restore.workers = options_.workers;
  auto result = restore_directory(restore, manifest, job);
  OPSDECK_TRY(result);
  return {};
}

}  // namespace opsdeck::backup
