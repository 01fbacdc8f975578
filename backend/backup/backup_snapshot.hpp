// BackupsSnapshot: what the console's Backups view shows, published by BackupConsole
// (backend/backup/backup_console.hpp): the configured sources with their last backup, the repository's
// backups with size and verification state, the backup/verify/restore job running from the console, and
// the latest restore preview. Immutable values: a view renders it without any I/O.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/core/job.hpp"

namespace opsdeck::backup {

enum class VerifyState { kUnverified, kVerified, kFailed };
std::string_view to_string(VerifyState state);

// The outcome of the latest `verify` of one backup (verification_record.hpp keeps it in the repository).
struct Verification {
  VerifyState state = VerifyState::kUnverified;
  std::int64_t at = 0;     // unix seconds of the verify
  bool read_data = false;  // every SHA-256 was checked, not only sizes and types
  std::string reason;      // kFailed: the first problem and how many more
};

struct BackupEntry {
  std::string id;  // UTC "%Y%m%d%H%M%S"
  std::string source;
  std::string kind;  // "directory", "mariadb", "redis"
  std::int64_t started_at = 0;
  std::int64_t finished_at = 0;
  std::uint64_t size = 0;       // apparent bytes of every regular file
  std::uint64_t allocated = 0;  // bytes actually stored
  std::size_t files = 0;        // regular files
  std::string contents;         // "2 databases, 7 tables, 1,204 rows", "3,120 keys"; empty for directories
  std::string restore_target;   // where a restore goes by default: the source's directory (may be empty)
  Verification verification;
};

// A source named in `backup.sources`, and its newest backup in the repository.
struct SourceEntry {
  std::string name;
  std::string location;  // the directory (or server) it backs up
  std::string kind = "directory";
  std::string last_backup_id;       // empty: never backed up
  std::int64_t last_backup_at = 0;  // finished_at of that backup
  bool configured = true;           // false: only seen in the repository's manifests, not named in the config
};

// How old a source's last backup may be before the view colours it: ok below fresh, warn below stale,
// crit above (and when there is none). From `backup.fresh_hours` and `backup.stale_days`.
struct AgePolicy {
  std::int64_t fresh_seconds = 26 * 3600;
  std::int64_t stale_seconds = 8 * 86400;
};

enum class AgeClass { kFresh, kAging, kStale, kNever };
AgeClass classify_age(const AgePolicy& policy, std::int64_t last_backup_at, std::int64_t now);

// One path that a restore would change in the target.
enum class ChangeKind { kAdded, kRemoved, kChanged };
std::string_view to_string(ChangeKind kind);

struct PathChange {
  ChangeKind kind = ChangeKind::kChanged;
  std::string path;  // relative, '/'-separated
  std::string why;   // kChanged: "content", "size 10 -> 12", "type", "link", "mode 0644 -> 0600"
};

// What restoring backup `backup_id` into `target` would change. Directory backups compare the manifest's
// files against the target's files; MariaDB and Redis backups list what the backup holds (tables and row
// counts, key counts), which replaces the target's contents.
struct RestorePreview {
  std::string backup_id;
  std::string target;
  std::string kind;
  std::string confirm_text;  // what the user types to confirm: the target directory's or database's name
  bool ready = false;        // false while the preview job runs
  std::string error;         // the preview failed (unknown backup, unreadable target)
  bool target_exists = false;
  std::size_t added = 0;
  std::size_t removed = 0;
  std::size_t changed = 0;
  std::size_t unchanged = 0;
  std::uint64_t hashed_bytes = 0;     // target bytes that had to be hashed (size and mtime were not enough)
  std::vector<PathChange> changes;    // at most kMaxPreviewChanges, added/removed/changed in path order
  std::vector<std::string> contents;  // database backups: "shop.orders  table  1,204 rows"
};
inline constexpr std::size_t kMaxPreviewChanges = 500;

// A backup, verify or restore the console started, while it runs.
struct ConsoleJob {
  core::JobId id = 0;
  std::string action;   // "backup", "verify", "restore", "preview"
  std::string subject;  // the source, backup id or "ID -> TARGET"
};

struct BackupsSnapshot {
  bool loaded = false;  // false until the first refresh published
  std::string error;    // the repository could not be read (not configured, unreadable manifest)
  std::string note;     // not an error: "the repository does not exist yet; the first backup creates it"
  std::filesystem::path repo;
  std::vector<SourceEntry> sources;
  std::vector<BackupEntry> backups;  // newest first
  AgePolicy policy;
  std::vector<ConsoleJob> running;          // jobs started from the console that have not finished
  std::optional<ConsoleJob> last_restore;   // the newest restore job (running or finished): its outcome
  std::optional<ConsoleJob> last_finished;  // the newest backup/verify/restore job that finished
  std::optional<RestorePreview> preview;
  std::int64_t taken_at = 0;  // unix seconds

  const BackupEntry* find(std::string_view id) const;
};

}  // namespace opsdeck::backup
