// The commands the Backups view sends, and running them against BackupConsole. The console's command
// runner hands every "backup.*" command here on a job; the job's progress (bytes, files, rate, ETA) is
// what the view draws. Arguments are positional strings, as a tui::Command carries them:
//
//   backup.create  SOURCE               a name from backup.sources, or a directory path
//   backup.verify  ID [--read-data]     --read-data also checks every SHA-256
//   backup.preview ID TARGET            what a restore of ID into TARGET would change (published)
//   backup.restore ID TARGET            restore with rollback; the view asks for the typed name first
//   backup.refresh                      only lists the repository again
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backend/backup/backup_console.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

inline constexpr std::string_view kBackupCreateCommand = "backup.create";
inline constexpr std::string_view kBackupVerifyCommand = "backup.verify";
inline constexpr std::string_view kBackupPreviewCommand = "backup.preview";
inline constexpr std::string_view kBackupRestoreCommand = "backup.restore";
inline constexpr std::string_view kBackupRefreshCommand = "backup.refresh";
inline constexpr std::string_view kReadDataFlag = "--read-data";

bool is_backup_command(std::string_view name);

// Checks the arguments before a job is started: "" when fine, else what is missing ("backup.restore:
// select a backup and a target").
std::string check_backup_command(std::string_view name, const std::vector<std::string>& args);

// What the job is called in the Jobs view and recorded as running: {"backup", "synapse"}, {"restore",
// "20261123162353 -> /srv/synapse"}. The id is filled in by the caller.
ConsoleJob describe_backup_command(std::string_view name, const std::vector<std::string>& args);
std::string job_label(const ConsoleJob& job);

// Runs one command inside `job`; the result is the job's one-line summary.
core::Result<std::string> run_backup_command(BackupConsole& console, std::string_view name,
                                             const std::vector<std::string>& args, core::JobContext& job);

}  // namespace opsdeck::backup
