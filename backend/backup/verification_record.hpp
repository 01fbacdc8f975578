// The outcome of the latest verify of each backup, kept in the repository as
// <repo>/.verifications/<id>.json ({"state","at","read_data","reason"}), so the Backups view shows
// "verified at T" or "failed: why" across console sessions. The directory's leading dot keeps it out of
// BackupRepository::list(); records of backups that were pruned are ignored and removed on the next save.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "backend/backup/backup_snapshot.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

inline constexpr const char* kVerificationsDirectoryName = ".verifications";

// A verification from a verify run: kVerified when `problems` is empty, else kFailed with the first
// problem (and "+N more").
Verification verification_from(bool read_data, const std::vector<std::string>& problems, std::int64_t at);

// Writes the record atomically (temporary file, fsync, rename); fails naming the file.
core::Status save_verification(const std::filesystem::path& repo_root, const std::string& id,
                               const Verification& verification);
// Every readable record by backup id; unreadable or malformed records are skipped (they read as unverified).
std::map<std::string, Verification> load_verifications(const std::filesystem::path& repo_root);

}  // namespace opsdeck::backup
