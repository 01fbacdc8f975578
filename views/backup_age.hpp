// How a source's last backup reads in the Backups view: its age as text ("5h ago", "3d4h ago", "never")
// and a semantic colour by the snapshot's AgePolicy: ok while fresh, warn while aging, crit when stale or
// never backed up. Also how a backup's verification state reads ("verified 2026-11-23 (data)", "FAILED:
// why", "unverified") and its colour.
#pragma once

#include <cstdint>
#include <string>

#include "backend/backup/backup_snapshot.hpp"
#include "tui/theme/role.hpp"

namespace opsdeck::views {

tui::Role age_role(backup::AgeClass age);
std::string age_text(std::int64_t last_backup_at, std::int64_t now);

tui::Role verification_role(const backup::Verification& verification);
std::string verification_text(const backup::Verification& verification);

}  // namespace opsdeck::views
