// The console's backup settings from the configuration: the engine's `backup.*`
// keys (repository, named sources, excludes, workers; backup_settings.hpp) and
// the Backups view's age policy (`backup_age.*`).
#pragma once

#include "backend/backup/backup_console.hpp"
#include "backend/core/config.hpp"

namespace opsdeck::backup {

// Never fails: a malformed `backup.sources` becomes `problem`, which the view
// shows in place of the listing.
BackupConsoleSettings backup_console_settings_from_config(const core::Config& config);

}  // namespace opsdeck::backup
