#include "backend/backup/backup_verify.hpp"

#include <sys/stat.h>

#include <mutex>
#include <set>

#include "backend/backup/compressed_file.hpp"
#include "backend/backup/parallel_tasks.hpp"
#include "backend/backup/sparse_copy.hpp"

namespace opsdeck::backup {
namespace {

namespace fs = std::filesystem;

std::string type_of(const struct stat& status) {
  return S_ISDIR(status.st_mode)   ? "dir"
         : S_ISLNK(status.st_mode) ? "symlink"
         : S_ISREG(status.st_mode) ? "file"
                                   : "special";
}

}  // namespace

core::Result<VerifyReport> verify_backup(const BackupInfo& backup, bool read_data, unsigned workers,
                                         core::JobContext& job) {
  VerifyReport report;
  report.id = backup.id;
  report.read_data = read_data;
  const fs::path data = backup.data_dir();
  std::set<std::string> listed;
  std::vector<const FileEntry*> to_hash;
  for (const auto& entry : backup.manifest.content.files) {
    listed.insert(entry.path);
    const fs::path path = entry.path.empty() ? data : data / entry.path;
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0) {
      report.problems.push_back(entry.path + ": missing");
      continue;
    }
    if (type_of(status) != to_string(entry.type)) {
      report.problems.push_back(entry.path + ": is a " + type_of(status) + ", the manifest says " +
                                std::string(to_string(entry.type)));
      continue;
    }
    const std::uint64_t stored_size = entry.compression.empty() ? entry.size : entry.stored_size;
    if (entry.type == FileType::kRegular && static_cast<std::uint64_t>(status.st_size) != stored_size) {
      report.problems.push_back(entry.path + ": " + std::to_string(status.st_size) +
                                " bytes, the manifest says " + std::to_string(stored_size));
      continue;
    }
    if (entry.type == FileType::kSymlink) {
      std::error_code error;
      if (fs::read_symlink(path, error).string() != entry.link_target) {
        report.problems.push_back(entry.path + ": the symlink target differs from the manifest");
      }
    }
    if (entry.type == FileType::kRegular && read_data) {
      to_hash.push_back(&entry);
    }
    ++report.files_checked;
  }
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(data, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const std::string relative = fs::relative(it->path(), data).generic_string();
    if (!listed.count(relative)) {
      report.problems.push_back(relative + ": in the backup but not in the manifest");
    }
  }
  if (read_data) {
    std::uint64_t total = 0;
    for (const auto* entry : to_hash) {
      total += entry->allocated_bytes();
    }
    job.set_total(static_cast<double>(total), "bytes");
    std::mutex mutex;
    ParallelProgress progress;
    OPSDECK_TRY(run_parallel(
        to_hash.size(), workers,
        [&](std::size_t index) -> core::Status {
          const FileEntry& entry = *to_hash[index];
          auto digest = entry.compression.empty() ? hash_extents(data / entry.path, entry.extents)
                                                  : hash_compressed_file(data / entry.path, entry);
          progress.bytes.fetch_add(entry.allocated_bytes());
          std::lock_guard lock(mutex);
          if (!digest.ok()) {
            report.problems.push_back(entry.path + ": " + digest.error().message);
          } else if (*digest != entry.sha256) {
            report.problems.push_back(entry.path + ": SHA-256 " + *digest + " differs from the manifest's " +
                                      entry.sha256);
          }
          return {};
        },
        progress, job));
    report.bytes_read = progress.bytes.load();
  }
  return report;
}

}  // namespace opsdeck::backup
