// Backup ages and verification states as text and colours.
#include "views/backup_age.hpp"

#include <algorithm>

#include "backend/core/time_format.hpp"
#include "tui/widgets/format.hpp"

namespace opsdeck::views {

tui::Role age_role(backup::AgeClass age) {
  switch (age) {
    case backup::AgeClass::kFresh:
      return tui::Role::kOk;
    case backup::AgeClass::kAging:
      return tui::Role::kWarn;
    case backup::AgeClass::kStale:
    case backup::AgeClass::kNever:
      return tui::Role::kCrit;
  }
  return tui::Role::kCrit;
}

std::string age_text(std::int64_t last_backup_at, std::int64_t now) {
  if (last_backup_at <= 0) {
    return "never";
  }
  const std::int64_t age = std::max<std::int64_t>(0, now - last_backup_at);
  if (age < 60) {
    return "just now";
  }
  if (age < 3600) {
    return std::to_string(age / 60) + "m ago";
  }
  if (age < 86400) {
    return std::to_string(age / 3600) + "h" +
           (age % 3600 >= 60 ? std::to_string(age % 3600 / 60) + "m" : "") + " ago";
  }
  return tui::format_duration(static_cast<double>(age)) + " ago";
}

tui::Role verification_role(const backup::Verification& verification) {
  switch (verification.state) {
    case backup::VerifyState::kVerified:
      return tui::Role::kOk;
    case backup::VerifyState::kFailed:
      return tui::Role::kCrit;
    case backup::VerifyState::kUnverified:
      return tui::Role::kMuted;
  }
  return tui::Role::kMuted;
}

std::string verification_text(const backup::Verification& verification) {
  switch (verification.state) {
    case backup::VerifyState::kVerified:
      return "verified " + core::format_utc(verification.at).substr(0, 16) +
             (verification.read_data ? " (data)" : " (sizes)");
    case backup::VerifyState::kFailed:
      return "FAILED " + core::format_utc(verification.at).substr(0, 16) + ": " + verification.reason;
    case backup::VerifyState::kUnverified:
      return "unverified";
  }
  return "unverified";
}

}  // namespace opsdeck::views
