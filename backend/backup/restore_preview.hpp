// What a restore would change, shown before the user confirms it. For a directory backup the manifest's
// files (type, size, mode, SHA-256, symlink target) are compared with the target directory's files: size
// and mtime decide when they can (equal size and mtime = unchanged, different size = changed), and the
// target file is hashed only when its size matches but its mtime does not. LMDB lock files are left out
// (restores recreate them). Database backups list their tables and row counts, or key counts, since a
// restore replaces the target's contents with them.
#pragma once

#include <string>

#include "backend/backup/backup_repository.hpp"
#include "backend/backup/backup_snapshot.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

// What the user types to confirm restoring a `kind` backup into `target`: a directory's last path
// component ("/srv/synapse/" -> "synapse"), else the target itself (a database name).
std::string confirm_text_for(const std::string& kind, const std::string& target);

// `job` (may be null) gets the bytes to hash as its total and stops the preview with kCancelled.
core::Result<RestorePreview> preview_restore(const BackupInfo& backup, const std::string& target,
                                             core::JobContext* job);

}  // namespace opsdeck::backup
