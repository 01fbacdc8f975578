// Console commands for backups: positional arguments into BackupConsole calls.
#include "backend/backup/backup_console_commands.hpp"

#include <algorithm>

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;

std::string arg(const std::vector<std::string>& args, std::size_t index) {
  return index < args.size() ? args[index] : std::string();
}

bool wants_read_data(const std::vector<std::string>& args) {
  return std::find(args.begin(), args.end(), kReadDataFlag) != args.end();
}

}  // namespace

bool is_backup_command(std::string_view name) {
  return name == kBackupCreateCommand || name == kBackupVerifyCommand || name == kBackupPreviewCommand ||
         name == kBackupRestoreCommand || name == kBackupRefreshCommand;
}

std::string check_backup_command(std::string_view name, const std::vector<std::string>& args) {
  const std::string prefix = std::string(name) + ": ";
  if (name == kBackupCreateCommand && arg(args, 0).empty()) {
    return prefix + "name a source (from backup.sources) or a directory";
  }
  if (name == kBackupVerifyCommand && arg(args, 0).empty()) {
    return prefix + "select a backup first";
  }
  if ((name == kBackupPreviewCommand || name == kBackupRestoreCommand) &&
      (arg(args, 0).empty() || arg(args, 1).empty())) {
    return prefix + "select a backup and a target";
  }
  return "";
}

ConsoleJob describe_backup_command(std::string_view name, const std::vector<std::string>& args) {
  ConsoleJob job;
  if (name == kBackupCreateCommand) {
    job.action = "backup";
    job.subject = arg(args, 0);
  } else if (name == kBackupVerifyCommand) {
    job.action = "verify";
    job.subject = arg(args, 0) + (wants_read_data(args) ? " --read-data" : "");
  } else if (name == kBackupPreviewCommand || name == kBackupRestoreCommand) {
    job.action = name == kBackupPreviewCommand ? "preview" : "restore";
    job.subject = arg(args, 0) + " -> " + arg(args, 1);
  } else {
    job.action = "refresh";
  }
  return job;
}

std::string job_label(const ConsoleJob& job) {
  if (job.action == "refresh") {
    return "backup list";
  }
  return (job.action == "backup" ? std::string("backup ") : "backup " + job.action + " ") + job.subject;
}

core::Result<std::string> run_backup_command(BackupConsole& console, std::string_view name,
                                             const std::vector<std::string>& args, core::JobContext& job) {
  if (!is_backup_command(name)) {
    return core::fail(ErrorCategory::kInvalidInput, "unknown backup command \"" + std::string(name) + "\"");
  }
  if (auto problem = check_backup_command(name, args); !problem.empty()) {
    return core::fail(ErrorCategory::kInvalidInput, problem);
  }
  if (name == kBackupCreateCommand) {
    return console.create(arg(args, 0), job);
  }
  if (name == kBackupVerifyCommand) {
    return console.verify(arg(args, 0), wants_read_data(args), job);
  }
  if (name == kBackupPreviewCommand) {
    return console.preview(arg(args, 0), arg(args, 1), job);
  }
  if (name == kBackupRestoreCommand) {
    return console.restore(arg(args, 0), arg(args, 1), job);
  }
  console.refresh();
  const auto listing = console.snapshots().latest();
  if (!listing->error.empty()) {
    return core::fail(ErrorCategory::kIo, listing->error);
  }
  return std::to_string(listing->backups.size()) + " backups in " + listing->repo.string();
}

}  // namespace opsdeck::backup
