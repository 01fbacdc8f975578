// BackupConsole::verify: the engine's verify_backup, its outcome recorded for
// the Backups view.
#include <chrono>

#include "backend/backup/backup_console.hpp"
#include "backend/backup/backup_verify.hpp"
#include "backend/backup/verification_record.hpp"

namespace opsdeck::backup {

core::Result<std::string> BackupConsole::verify(const std::string& id, bool read_data,
                                                core::JobContext& job) {
  auto repository = open_repository(false);
  OPSDECK_TRY(repository);
  auto backup = repository->find(id);
  OPSDECK_TRY(backup);
  job.message("verifying " + id + (read_data ? " (reading every byte)" : ""));
  auto report = verify_backup(*backup, read_data, settings_.workers, job);
  OPSDECK_TRY(report);
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  auto verification = verification_from(read_data, report->problems, now);
  OPSDECK_TRY(save_verification(repository->root(), id, verification));
  if (!report->ok()) {
    return core::fail(core::ErrorCategory::kProtocol,
                      "backup " + id + " failed verification: " + verification.reason);
  }
  return "backup " + id + " verified: " + std::to_string(report->files_checked) + " files" +
         (read_data ? ", every SHA-256 matches" : ", sizes and types match");
}

}  // namespace opsdeck::backup
