// Names and the age policy of the Backups view's snapshot.
#include "backend/backup/backup_snapshot.hpp"

namespace opsdeck::backup {

std::string_view to_string(VerifyState state) {
  switch (state) {
    case VerifyState::kUnverified:
      return "unverified";
    case VerifyState::kVerified:
      return "verified";
    case VerifyState::kFailed:
      return "failed";
  }
  return "unverified";
}

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      return "changed";
  }
  return "changed";
}

AgeClass classify_age(const AgePolicy& policy, std::int64_t last_backup_at, std::int64_t now) {
  if (last_backup_at <= 0) {
    return AgeClass::kNever;
  }
  const std::int64_t age = now - last_backup_at;
  if (age < policy.fresh_seconds) {
    return AgeClass::kFresh;
  }
  return age < policy.stale_seconds ? AgeClass::kAging : AgeClass::kStale;
}

const BackupEntry* BackupsSnapshot::find(std::string_view id) const {
  for (const auto& entry : backups) {
    if (entry.id == id) {
      return &entry;
    }
  }
  return nullptr;
}

}  // namespace opsdeck::backup
