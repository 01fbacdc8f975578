// BackupConsole: listing the repository into the Backups view's snapshot, and the console's backup,
// preview and restore work (verify is in backup_console_verify.cpp).
#include "backend/backup/backup_console.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "backend/backup/backup_contents.hpp"
#include "backend/backup/backup_settings.hpp"
#include "backend/backup/database_sources.hpp"
#include "backend/backup/directory_restore.hpp"
#include "backend/backup/directory_source.hpp"
#include "backend/backup/restore_preview.hpp"
#include "backend/backup/verification_record.hpp"

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;
namespace fs = std::filesystem;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string bytes_text(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return buffer;
}

// "<target>.pre-restore-*" beside the target: where a restore moves the old data.
std::set<fs::path> set_aside_copies(const std::string& target) {
  std::set<fs::path> found;
  const fs::path path = fs::absolute(target).lexically_normal();
  const std::string prefix = path.filename().string() + ".pre-restore-";
  std::error_code error;
  for (const auto& item : fs::directory_iterator(path.parent_path(), error)) {
    if (item.path().filename().string().rfind(prefix, 0) == 0) {
      found.insert(item.path());
    }
  }
  return found;
}

BackupEntry entry_of(const BackupInfo& info, const std::map<std::string, Verification>& verifications) {
  BackupEntry entry;
  entry.id = info.id;
  entry.source = info.manifest.source;
  entry.kind = info.manifest.kind;
  entry.started_at = info.manifest.started_at;
  entry.finished_at = info.manifest.finished_at;
  entry.size = info.manifest.total_size();
  entry.allocated = info.manifest.total_allocated();
  entry.files = static_cast<std::size_t>(
      std::count_if(info.manifest.content.files.begin(), info.manifest.content.files.end(),
                    [](const FileEntry& file) { return file.type == FileType::kRegular; }));
  entry.contents = summarize_contents(info.manifest);
  if (auto found = verifications.find(info.id); found != verifications.end()) {
    entry.verification = found->second;
  }
  return entry;
}

}  // namespace

BackupConsole::BackupConsole(BackupConsoleSettings settings) : settings_(std::move(settings)) {
  current_.repo = settings_.repo;
  current_.policy = settings_.policy;
}

std::string BackupConsole::default_target(const Manifest& manifest) const {
  if (auto found = settings_.sources.find(manifest.source); found != settings_.sources.end()) {
    return found->second.string();
  }
  if (manifest.kind == "mariadb") {
    return default_database_target(manifest.source);
  }
  if (manifest.kind == "redis") {
    return "redis";  // the keys go back into the server the backup came from
  }
  return manifest.kind == "directory" && fs::path(manifest.source).is_absolute() ? manifest.source : "";
}

core::Result<BackupRepository> BackupConsole::open_repository(bool create) const {
  if (!settings_.problem.empty()) {
    return core::fail(ErrorCategory::kInvalidInput, settings_.problem);
  }
  if (settings_.repo.empty()) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "no backup repository configured: set backup.repo (or OPSDECK_BACKUP_REPO)");
  }
  return BackupRepository::open(settings_.repo, create);
}

void BackupConsole::publish_locked() {
  current_.taken_at = unix_now();
  snapshots_.publish(current_);
}

void BackupConsole::refresh() {
  std::vector<BackupEntry> backups;
  std::string error;
  std::string note;
  std::error_code exists_error;
  if (settings_.problem.empty() && !settings_.repo.empty() && !fs::exists(settings_.repo, exists_error)) {
    note = "the repository " + settings_.repo.string() + " does not exist yet; the first backup creates it";
  } else if (auto repository = open_repository(false); !repository.ok()) {
    error = repository.error().message;
  } else if (auto listed = repository->list(); !listed.ok()) {
    error = listed.error().message;
  } else {
    const auto verifications = load_verifications(repository->root());
    for (auto it = listed->rbegin(); it != listed->rend(); ++it) {
      backups.push_back(entry_of(*it, verifications));
      backups.back().restore_target = default_target(it->manifest);
    }
  }

  std::vector<SourceEntry> sources;
  for (const auto& [name, path] : settings_.sources) {
    SourceEntry source;
    source.name = name;
    source.location = path.string();
    for (const auto& backup : backups) {  // newest first
      if (backup.source == name || backup.source == path.string()) {
        source.last_backup_id = backup.id;
        source.last_backup_at = backup.finished_at;
        break;
      }
    }
    sources.push_back(std::move(source));
  }
  for (const auto& backup : backups) {  // sources only the repository knows (backed up by path, or removed)
    bool known = std::any_of(sources.begin(), sources.end(), [&](const SourceEntry& source) {
      return source.name == backup.source || source.location == backup.source;
    });
    if (!known) {
      SourceEntry source;
      source.name = backup.source;
      source.location = backup.restore_target;
      source.kind = backup.kind;
      source.last_backup_id = backup.id;
      source.last_backup_at = backup.finished_at;
      source.configured = false;
      sources.push_back(std::move(source));
    }
  }

  std::lock_guard lock(mutex_);
  current_.loaded = true;
  current_.error = std::move(error);
  current_.note = std::move(note);
  current_.backups = std::move(backups);
  current_.sources = std::move(sources);
  publish_locked();
}

void BackupConsole::job_started(ConsoleJob job) {
  std::lock_guard lock(mutex_);
  if (job.action == "restore") {
    current_.last_restore = job;
  }
  if (job.action == "preview") {
    current_.preview.reset();  // the old preview is for another backup or target
  }
  current_.running.push_back(std::move(job));
  publish_locked();
}

void BackupConsole::job_finished(core::JobId id) {
  std::lock_guard lock(mutex_);
  for (const auto& job : current_.running) {
    if (job.id == id && job.action != "preview") {
      current_.last_finished = job;
    }
  }
  std::erase_if(current_.running, [id](const ConsoleJob& job) { return job.id == id; });
  publish_locked();
}

core::Result<std::string> BackupConsole::create(const std::string& source, core::JobContext& job) {
  if (source.empty()) {
    return core::fail(ErrorCategory::kInvalidInput, "name a source to back up");
  }
  auto repository = open_repository(true);
  OPSDECK_TRY(repository);
  // The same resolution as `opsdeck backup create`, so both name a source's backups alike.
  BackupSettings engine_settings;
  engine_settings.repo = repository->root();
  engine_settings.sources = settings_.sources;
  engine_settings.exclude_globs = settings_.exclude_globs;
  engine_settings.workers = settings_.workers;
  auto options = resolve_directory_source(source, engine_settings);
  OPSDECK_TRY(options);
  DirectorySource directory(std::move(*options));
  job.message("backing up " + directory.name() + " into " + repository->root().string());
  CreateOptions create_options;
  create_options.compression = settings_.compression;
  create_options.compression_workers = settings_.workers;
  auto created = repository->create(directory, job, create_options);
  OPSDECK_TRY(created);
  std::size_t files = 0;
  for (const auto& file : created->manifest.content.files) {
    files += file.type == FileType::kRegular ? 1 : 0;
  }
  return "backup " + created->id + " of " + created->manifest.source + ": " + std::to_string(files) +
         " files, " + bytes_text(created->manifest.total_size());
}

core::Result<std::string> BackupConsole::preview(const std::string& id, const std::string& target,
                                                 core::JobContext& job) {
  auto publish = [this](RestorePreview preview) {
    std::lock_guard lock(mutex_);
    current_.preview = std::move(preview);
    publish_locked();
  };
  auto repository = open_repository(false);
  core::Result<BackupInfo> backup =
      repository.ok() ? repository->find(id) : core::Result<BackupInfo>(core::Unexpected{repository.error()});
  core::Result<RestorePreview> result = backup.ok()
                                            ? preview_restore(*backup, target, &job)
                                            : core::Result<RestorePreview>(core::Unexpected{backup.error()});
  if (!result.ok()) {
    RestorePreview failed;
    failed.backup_id = id;
    failed.target = target;
    failed.error = result.error().message;
    publish(std::move(failed));
    return core::Unexpected{result.error()};
  }
  std::string summary = "restoring " + id + " into " + target + ": " + std::to_string(result->added) +
                        " added, " + std::to_string(result->removed) + " removed, " +
                        std::to_string(result->changed) + " changed";
  publish(std::move(*result));
  return summary;
}

core::Result<std::string> BackupConsole::restore(const std::string& id, const std::string& target,
                                                 core::JobContext& job) {
  if (target.empty()) {
    return core::fail(ErrorCategory::kInvalidInput, "name a target to restore " + id + " into");
  }
  auto repository = open_repository(false);
  OPSDECK_TRY(repository);
  auto backup = repository->find(id);
  OPSDECK_TRY(backup);
  if (backup->manifest.kind == "mariadb" || backup->manifest.kind == "redis") {
    return restore_database(*backup, target, job);
  }
  job.message("restoring " + id + " into " + target);
  DirectoryRestoreOptions options;
  options.data_dir = backup->data_dir();
  options.target = target;
  options.workers = settings_.workers;
  const auto aside_before = set_aside_copies(target);
  auto restored = restore_directory(options, backup->manifest, job);
  if (!restored.ok()) {
    // Say where the old data is: back in place (the rollback), or moved aside if the swap got that far.
    std::string where = "rolled back: " + target + " holds its old data";
    for (const auto& path : set_aside_copies(target)) {
      if (aside_before.count(path) == 0) {
        where = "the old data is in " + path.string();
      }
    }
    return core::fail(restored.error().category,
                      "restore of " + id + " failed (" + where + "): " + restored.error().message);
  }
  std::string summary = "restored " + id + " into " + restored->target.string() + ": " +
                        std::to_string(restored->files) + " files, " + bytes_text(restored->bytes);
  if (!restored->previous.empty()) {
    summary += "; the old data is in " + restored->previous.string();
  }
  return summary;
}

core::Result<std::string> BackupConsole::restore_database(const BackupInfo& backup, const std::string& target,
                                                          core::JobContext& job) {
  if (!settings_.database_problem.empty()) {
    return core::fail(ErrorCategory::kInvalidInput, settings_.database_problem);
  }
  auto source = database_source_from(backup.manifest.source, settings_.mariadb, settings_.redis, false);
  OPSDECK_TRY(source);
  const bool mariadb = backup.manifest.kind == "mariadb";
  const std::string into = mariadb ? "database " + target : "the server of " + backup.manifest.source;
  job.message("restoring " + backup.id + " into " + into);
  auto restored = (*source)->restore_from(backup.data_dir(), backup.manifest, target, job);
  if (!restored.ok()) {
    // MariaDB's message says whether the old database was put back from its safety dump.
    return core::fail(restored.error().category,
                      "restore of " + backup.id + " failed: " + restored.error().message);
  }
  return "restored " + backup.manifest.kind + " backup " + backup.id + " into " + into;
}

}  // namespace opsdeck::backup
