// Restore preview: the manifest against the target directory, hashing only what size and mtime cannot
// settle.
#include "backend/backup/restore_preview.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "backend/backup/backup_contents.hpp"
#include "backend/backup/lmdb_environment.hpp"
#include "backend/backup/sha256_hasher.hpp"
#include "backend/backup/unique_fd.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;
namespace fs = std::filesystem;

struct TargetFile {
  FileType type = FileType::kRegular;
  std::uint64_t size = 0;
  std::uint32_t mode = 0;
  std::int64_t mtime_ns = 0;
  std::string link_target;
};

std::string octal_mode(std::uint32_t mode) {
  std::array<char, 8> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04o", mode & 07777U);
  return buffer.data();
}

// Every entry under `root` by relative path, without following symlinks; fails naming what is unreadable.
core::Result<std::map<std::string, TargetFile>> scan_target(const fs::path& root) {
  std::map<std::string, TargetFile> files;
  std::error_code error;
  fs::recursive_directory_iterator walker(root, error);
  if (error) {
    return core::fail(ErrorCategory::kIo, "cannot read " + root.string() + ": " + error.message());
  }
  for (; walker != fs::recursive_directory_iterator(); walker.increment(error)) {
    if (error) {
      break;
    }
    const fs::path& path = walker->path();
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0) {
      return core::fail(ErrorCategory::kIo, "cannot stat " + path.string() + ": " + std::strerror(errno));
    }
    TargetFile file;
    file.mode = status.st_mode & 07777U;
    file.mtime_ns = static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1000000000 + status.st_mtim.tv_nsec;
    if (S_ISDIR(status.st_mode)) {
      file.type = FileType::kDirectory;
    } else if (S_ISLNK(status.st_mode)) {
      file.type = FileType::kSymlink;
      file.link_target = fs::read_symlink(path, error).string();
      if (error) {
        return core::fail(ErrorCategory::kIo,
                          "cannot read the link " + path.string() + ": " + error.message());
      }
    } else if (S_ISREG(status.st_mode)) {
      file.size = static_cast<std::uint64_t>(status.st_size);
    } else {
      continue;  // sockets, fifos and devices are neither backed up nor restored
    }
    files.emplace(path.lexically_relative(root).generic_string(), std::move(file));
  }
  if (error) {
    return core::fail(ErrorCategory::kIo, "cannot read " + root.string() + ": " + error.message());
  }
  return files;
}

core::Result<std::string> hash_file(const fs::path& path, core::JobContext* job) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    return core::fail(ErrorCategory::kIo, "cannot read " + path.string() + ": " + std::strerror(errno));
  }
  Sha256Hasher hasher;
  std::vector<char> buffer(1 << 20);
  while (true) {
    if (job != nullptr && job->cancelled()) {
      return core::fail(ErrorCategory::kCancelled, "the restore preview was cancelled");
    }
    const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return core::fail(ErrorCategory::kIo, "cannot read " + path.string() + ": " + std::strerror(errno));
    }
    if (got == 0) {
      break;
    }
    hasher.update(buffer.data(), static_cast<std::size_t>(got));
    if (job != nullptr) {
      job->advance(static_cast<double>(got));
    }
  }
  return hasher.hex_digest();
}

// Lock files of the backup's LMDB environments: the target's are not compared (restore recreates them).
std::set<std::string> lock_files_of(const Manifest& manifest) {
  std::set<std::string> locks;
  for (const auto& environment : manifest.content.lmdb_environments) {
    locks.insert(environment.path.empty() ? std::string(kLmdbLockFile)
                                          : environment.path + "/" + kLmdbLockFile);
  }
  return locks;
}

void add_change(RestorePreview& preview, ChangeKind kind, const std::string& path, std::string why = {}) {
  (kind == ChangeKind::kAdded     ? preview.added
   : kind == ChangeKind::kRemoved ? preview.removed
                                  : preview.changed)++;
  preview.changes.push_back({kind, path, std::move(why)});
}

// Compares one manifest entry with the target's entry at the same path; sizes and types first, then the
// hash when only the mtime differs. Returns true when the target file must be hashed.
bool settle_without_hash(RestorePreview& preview, const FileEntry& entry, const TargetFile& file) {
  if (entry.type != file.type) {
    add_change(preview, ChangeKind::kChanged, entry.path,
               "type " + std::string(to_string(file.type)) + " -> " + std::string(to_string(entry.type)));
    return true;
  }
  if (entry.type == FileType::kSymlink) {
    if (entry.link_target != file.link_target) {
      add_change(preview, ChangeKind::kChanged, entry.path, "link -> " + entry.link_target);
    } else {
      ++preview.unchanged;
    }
    return true;
  }
  if (entry.type == FileType::kDirectory) {
    return true;  // its files say what changes
  }
  if (entry.size != file.size) {
    add_change(preview, ChangeKind::kChanged, entry.path,
               "size " + std::to_string(file.size) + " -> " + std::to_string(entry.size));
    return true;
  }
  if (entry.mtime_ns == file.mtime_ns) {
    if ((entry.mode & 07777U) != file.mode) {
      add_change(preview, ChangeKind::kChanged, entry.path,
                 "mode " + octal_mode(file.mode) + " -> " + octal_mode(entry.mode));
    } else {
      ++preview.unchanged;
    }
    return true;
  }
  return false;
}

core::Status preview_directory(const BackupInfo& backup, const fs::path& target, RestorePreview& preview,
                               core::JobContext* job) {
  std::error_code error;
  const auto status = fs::symlink_status(target, error);
  preview.target_exists = !error && fs::exists(status);
  if (preview.target_exists && !fs::is_directory(status)) {
    return core::fail(ErrorCategory::kInvalidInput, target.string() + " exists and is not a directory");
  }
  std::map<std::string, TargetFile> existing;
  if (preview.target_exists) {
    auto scanned = scan_target(target);
    if (!scanned.ok()) {
      return core::Unexpected{scanned.error()};
    }
    existing = std::move(*scanned);
  }
  const auto locks = lock_files_of(backup.manifest);
  std::vector<const FileEntry*> to_hash;
  std::uint64_t hash_bytes = 0;
  std::set<std::string> listed;
  for (const auto& entry : backup.manifest.content.files) {
    listed.insert(entry.path);
    auto found = existing.find(entry.path);
    if (found == existing.end()) {
      if (entry.type != FileType::kDirectory) {
        add_change(preview, ChangeKind::kAdded, entry.path);
      }
      continue;
    }
    if (!settle_without_hash(preview, entry, found->second)) {
      to_hash.push_back(&entry);
      hash_bytes += entry.size;
    }
  }
  for (const auto& [path, file] : existing) {
    if (listed.count(path) == 0 && file.type != FileType::kDirectory && locks.count(path) == 0) {
      add_change(preview, ChangeKind::kRemoved, path);
    }
  }
  if (job != nullptr) {
    job->set_total(static_cast<double>(hash_bytes), "bytes");
  }
  for (const FileEntry* entry : to_hash) {
    auto digest = hash_file(target / entry->path, job);
    if (!digest.ok()) {
      return core::Unexpected{digest.error()};
    }
    preview.hashed_bytes += entry->size;
    if (*digest != entry->sha256) {
      add_change(preview, ChangeKind::kChanged, entry->path, "content");
    } else if ((entry->mode & 07777U) != existing.at(entry->path).mode) {
      add_change(preview, ChangeKind::kChanged, entry->path,
                 "mode " + octal_mode(existing.at(entry->path).mode) + " -> " + octal_mode(entry->mode));
    } else {
      ++preview.unchanged;
    }
  }
  std::sort(preview.changes.begin(), preview.changes.end(),
            [](const PathChange& left, const PathChange& right) { return left.path < right.path; });
  if (preview.changes.size() > kMaxPreviewChanges) {
    preview.changes.resize(kMaxPreviewChanges);
  }
  return {};
}

}  // namespace

std::string confirm_text_for(const std::string& kind, const std::string& target) {
  if (kind != "directory") {
    return target;
  }
  fs::path path = fs::path(target).lexically_normal();
  if (!path.has_filename() && path.has_parent_path() && path != path.root_path()) {
    path = path.parent_path();  // "/srv/synapse/" normalises to "/srv/synapse/", whose filename is empty
  }
  std::string name = path.filename().string();
  return name.empty() ? target : name;
}

core::Result<RestorePreview> preview_restore(const BackupInfo& backup, const std::string& target,
                                             core::JobContext* job) {
  if (target.empty()) {
    return core::fail(ErrorCategory::kInvalidInput, "name a target to restore " + backup.id + " into");
  }
  RestorePreview preview;
  preview.backup_id = backup.id;
  preview.target = target;
  preview.kind = backup.manifest.kind;
  preview.confirm_text = confirm_text_for(preview.kind, target);
  preview.contents = describe_contents(backup.manifest);
  if (preview.kind == "directory") {
    auto status = preview_directory(backup, fs::path(target), preview, job);
    if (!status.ok()) {
      return core::Unexpected{status.error()};
    }
  }
  preview.ready = true;
  return preview;
}

}  // namespace opsdeck::backup
