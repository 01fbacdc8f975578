#include "backend/backup/backup_repository.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>

#include "backend/backup/compressed_file.hpp"
#include "backend/backup/file_metadata.hpp"
#include "backend/backup/sha256_hasher.hpp"
#include "backend/backup/unique_fd.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;
namespace fs = std::filesystem;

constexpr const char* kLocksDirectory = ".locks";

std::string errno_text() {
  return std::strerror(errno);
}

std::string human_bytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

bool is_backup_id(const std::string& name) {
  return name.size() == 14 &&
         std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The lock file of a run, outside its .tmp- directory, held from before the directory exists until after
// the rename: a .tmp- directory whose run lock is free (or missing) belongs to a dead run.
fs::path run_lock_path(const fs::path& root, const std::string& temporary_name) {
  return root / kLocksDirectory / (temporary_name + ".lock");
}

core::Result<UniqueFd> lock_file(const fs::path& path, bool create) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600));
  if (!fd) {
    return core::fail(errno == ENOENT ? ErrorCategory::kNotFound : ErrorCategory::kIo,
                      "cannot open " + path.string() + ": " + errno_text());
  }
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    return core::fail(ErrorCategory::kConflict, path.string() + " is locked");
  }
  return fd;
}

core::Status write_file_synced(const fs::path& path, const std::string& text) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd) {
    return core::fail(ErrorCategory::kIo, "cannot create " + path.string() + ": " + errno_text());
  }
  OPSDECK_TRY(write_all(fd.get(), text.data(), text.size(), -1, path.string()));
  if (::fsync(fd.get()) != 0) {
    return core::fail(ErrorCategory::kIo, "cannot fsync " + path.string() + ": " + errno_text());
  }
  return {};
}

std::string host_name() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

}  // namespace

std::string backup_id_for(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &parts);
  return text;
}

core::Result<std::chrono::system_clock::time_point> backup_time_of(const std::string& id) {
  std::tm parts{};
  if (!is_backup_id(id) || ::strptime(id.c_str(), "%Y%m%d%H%M%S", &parts) == nullptr) {
    return core::fail(ErrorCategory::kInvalidInput, "\"" + id + "\" is not a backup id (UTC %Y%m%d%H%M%S)");
  }
  return std::chrono::system_clock::from_time_t(::timegm(&parts));
}

SourceLock& SourceLock::operator=(SourceLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

SourceLock::~SourceLock() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

core::Result<SourceLock> lock_source(const fs::path& repo_root, const std::string& source_name) {
  Sha256Hasher hasher;
  hasher.update(source_name.data(), source_name.size());
  const fs::path directory = repo_root / kLocksDirectory;
  std::error_code error;
  fs::create_directories(directory, error);
  const fs::path path = directory / ("source-" + hasher.hex_digest().substr(0, 16) + ".lock");
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) {
    return core::fail(ErrorCategory::kIo, "cannot open the lock " + path.string() + ": " + errno_text());
  }
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    char pid[32] = {};
    const ssize_t got = ::pread(fd.get(), pid, sizeof pid - 1, 0);
    std::string holder = got > 0 ? std::string(pid, static_cast<std::size_t>(got)) : "unknown";
    holder.erase(holder.find_last_not_of(" \n") + 1);
    return core::fail(ErrorCategory::kConflict, "a backup of " + source_name + " is already running (pid " +
                                                    holder + ", lock " + path.string() + ")");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd.get(), 0) != 0) {
    return core::fail(ErrorCategory::kIo, "cannot write the lock " + path.string() + ": " + errno_text());
  }
  OPSDECK_TRY(write_all(fd.get(), pid.data(), pid.size(), 0, path.string()));
  return SourceLock(fd.release());
}

core::Status check_free_space(const fs::path& directory, std::uint64_t needed_bytes) {
  struct statvfs stats {};
  if (::statvfs(directory.c_str(), &stats) != 0) {
    return core::fail(ErrorCategory::kIo,
                      "cannot read the free space of " + directory.string() + ": " + errno_text());
  }
  const std::uint64_t free_bytes = static_cast<std::uint64_t>(stats.f_bavail) * stats.f_frsize;
  if (free_bytes < needed_bytes) {
    return core::fail(ErrorCategory::kIo, "not enough free space in " + directory.string() +
                                              ": the backup needs about " + human_bytes(needed_bytes) + ", " +
                                              human_bytes(free_bytes) + " are free");
  }
  return {};
}

core::Result<BackupRepository> BackupRepository::open(const fs::path& root, bool create) {
  if (root.empty()) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "no backup repository: pass --repo DIR or set backup.repo in the configuration");
  }
  std::error_code error;
  if (create && !fs::exists(root, error)) {
    fs::create_directories(root, error);
    if (error) {
      return core::fail(ErrorCategory::kIo,
                        "cannot create the repository " + root.string() + ": " + error.message());
    }
    ::chmod(root.c_str(), 0700);
  }
  if (!fs::is_directory(root, error)) {
    return core::fail(ErrorCategory::kNotFound, "the backup repository " + root.string() + " does not exist");
  }
  return BackupRepository(fs::absolute(root).lexically_normal());
}

core::Result<std::vector<BackupInfo>> BackupRepository::list() const {
  std::vector<BackupInfo> backups;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(root_, error)) {
    const std::string name = item.path().filename().string();
    if (!is_backup_id(name) || !fs::is_regular_file(item.path() / kManifestFileName, error)) {
      continue;
    }
    auto info = find(name);
    OPSDECK_TRY(info);
    backups.push_back(std::move(*info));
  }
  if (error) {
    return core::fail(ErrorCategory::kIo,
                      "cannot list the repository " + root_.string() + ": " + error.message());
  }
  std::sort(backups.begin(), backups.end(),
            [](const BackupInfo& left, const BackupInfo& right) { return left.id < right.id; });
  return backups;
}

core::Result<BackupInfo> BackupRepository::find(const std::string& id) const {
  if (!is_backup_id(id)) {
    return core::fail(ErrorCategory::kInvalidInput, "\"" + id + "\" is not a backup id (UTC %Y%m%d%H%M%S)");
  }
  BackupInfo info;
  info.id = id;
  info.path = root_ / id;
  const fs::path manifest_path = info.path / kManifestFileName;
  std::ifstream in(manifest_path);
  if (!in) {
    return core::fail(ErrorCategory::kNotFound, "no backup " + id + " in " + root_.string());
  }
  nlohmann::json value = nlohmann::json::parse(in, nullptr, false);
  if (value.is_discarded()) {
    return core::fail(ErrorCategory::kProtocol, manifest_path.string() + " is not valid JSON");
  }
  auto manifest = manifest_from_json(value);
  if (!manifest.ok()) {
    return core::fail(ErrorCategory::kProtocol, manifest_path.string() + ": " + manifest.error().message);
  }
  info.manifest = std::move(*manifest);
  return info;
}

core::Result<std::vector<std::string>> BackupRepository::clean_leftovers() const {
  std::vector<std::string> removed;
  std::error_code error;
  std::vector<fs::path> candidates;
  for (const auto& item : fs::directory_iterator(root_, error)) {
    if (item.path().filename().string().rfind(kTemporaryPrefix, 0) == 0) {
      candidates.push_back(item.path());
    }
  }
  for (const auto& path : candidates) {
    const std::string name = path.filename().string();
    const fs::path lock_path = run_lock_path(root_, name);
    auto lock = lock_file(lock_path, false);
    if (!lock.ok() && lock.error().category != ErrorCategory::kNotFound) {
      continue;  // a live run holds it
    }
    fs::remove_all(path, error);
    std::error_code exists_error;
    if (error && fs::exists(fs::symlink_status(path, exists_error))) {  // gone: another run removed it
      return core::fail(ErrorCategory::kIo,
                        "cannot remove the leftover " + path.string() + ": " + error.message());
    }
    fs::remove(lock_path, error);
    removed.push_back(name);
  }
  return removed;
}

core::Result<BackupInfo> BackupRepository::create(BackupSource& source, core::JobContext& job,
                                                  const CreateOptions& options) const {
  auto source_lock = lock_source(root_, source.name());
  OPSDECK_TRY(source_lock);
  auto cleaned = clean_leftovers();
  OPSDECK_TRY(cleaned);
  for (const auto& name : *cleaned) {
    job.message("removed the leftover of an interrupted run: " + name);
  }
  job.message("estimating the size of " + source.name());
  auto estimate = source.estimate_bytes();
  OPSDECK_TRY(estimate);
  OPSDECK_TRY(check_free_space(root_, *estimate + static_cast<std::uint64_t>(static_cast<double>(*estimate) *
                                                                             options.free_space_margin)));

  Manifest manifest;
  const auto started = std::chrono::system_clock::now();
  manifest.id = backup_id_for(started);
  manifest.source = source.name();
  manifest.kind = source.kind();
  manifest.tool_version = OPSDECK_VERSION;
  manifest.hostname = host_name();
  manifest.started_at = std::chrono::duration_cast<std::chrono::seconds>(started.time_since_epoch()).count();

  const std::string temporary_name =
      std::string(kTemporaryPrefix) + manifest.id + "-" + std::to_string(::getpid());
  const fs::path temporary = root_ / temporary_name;
  auto run_lock = lock_file(run_lock_path(root_, temporary_name), true);
  OPSDECK_TRY(run_lock);
  auto fail_cleanly = [&](const core::Error& failure) -> core::Result<BackupInfo> {
    std::error_code ignored;
    fs::remove_all(temporary, ignored);
    fs::remove(run_lock_path(root_, temporary_name), ignored);
    return core::Unexpected{failure};
  };
  if (::mkdir(temporary.c_str(), 0700) != 0 || ::mkdir((temporary / kDataDirectoryName).c_str(), 0700) != 0) {
    return fail_cleanly(
        core::make_error(ErrorCategory::kIo, "cannot create " + temporary.string() + ": " + errno_text()));
  }
  auto fragment = source.write_into(temporary / kDataDirectoryName, job);
  if (!fragment.ok()) {
    return fail_cleanly(fragment.error());
  }
  auto compressed = compress_stored_files(temporary / kDataDirectoryName, *fragment, options.compression,
                                          options.compression_workers, job);
  if (!compressed.ok()) {
    return fail_cleanly(compressed.error());
  }
  manifest.content = std::move(*fragment);
  manifest.finished_at =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  // One syncfs flushes every file and directory written; then the manifest, then the rename.
  UniqueFd sync_fd(::open(temporary.c_str(), O_RDONLY | O_CLOEXEC));
  if (!sync_fd || ::syncfs(sync_fd.get()) != 0) {
    return fail_cleanly(core::make_error(ErrorCategory::kIo, "cannot flush " + temporary.string()));
  }
  // Another source's backup may have taken this second: take the next free one.
  auto id_time = started;
  for (int attempt = 0;; ++attempt) {
    manifest.id = backup_id_for(id_time);
    auto written = write_file_synced(temporary / kManifestFileName, to_json(manifest).dump(1) + "\n");
    if (!written.ok()) {
      return fail_cleanly(written.error());
    }
    if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, (root_ / manifest.id).c_str(), RENAME_NOREPLACE) ==
        0) {
      break;
    }
    if (errno != EEXIST || attempt > 120) {
      return fail_cleanly(core::make_error(
          ErrorCategory::kIo,
          "cannot rename " + temporary.string() + " to " + manifest.id + ": " + errno_text()));
    }
    id_time += std::chrono::seconds(1);
  }
  std::error_code ignored;
  fs::remove(run_lock_path(root_, temporary_name), ignored);
  OPSDECK_TRY(fsync_path(root_));
  BackupInfo info;
  info.id = manifest.id;
  info.path = root_ / manifest.id;
  info.manifest = std::move(manifest);
  return info;
}

core::Status BackupRepository::remove(const std::string& id) const {
  if (!is_backup_id(id)) {
    return core::fail(ErrorCategory::kInvalidInput, "\"" + id + "\" is not a backup id (UTC %Y%m%d%H%M%S)");
  }
  const fs::path doomed =
      root_ / (std::string(kTemporaryPrefix) + "deleting-" + id + "-" + std::to_string(::getpid()));
  if (::rename((root_ / id).c_str(), doomed.c_str()) != 0) {
    return core::fail(errno == ENOENT ? ErrorCategory::kNotFound : ErrorCategory::kIo,
                      "cannot remove backup " + id + ": " + errno_text());
  }
  OPSDECK_TRY(fsync_path(root_));
  std::error_code error;
  fs::remove_all(doomed, error);
  if (error) {
    return core::fail(ErrorCategory::kIo, "backup " + id + " is unlisted but " + doomed.string() +
                                              " could not be removed: " + error.message());
  }
  return {};
}

}  // namespace opsdeck::backup
