// Shared by the `opsdeck backup` subcommand files: settings with --repo applied, running one engine job
// synchronously with a progress line on stderr, and byte formatting.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "backend/backup/backup_repository.hpp"
#include "backend/backup/backup_settings.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {

struct BackupFlags {
  std::string repo;  // --repo
};

// Settings from the config with --repo applied; fails (printing) when the config does not load.
std::optional<backup::BackupSettings> backup_settings(CliContext& context, const BackupFlags& flags);
std::optional<backup::BackupRepository> open_backup_repository(CliContext& context,
                                                               const backup::BackupSettings& settings,
                                                               bool create);

// What list, verify, prune and restore start from: the settings (with --repo) and the existing repository
// they name. nullopt after the failure was reported.
struct BackupCommandSetup {
  backup::BackupSettings settings;
  backup::BackupRepository repository;
};
std::optional<BackupCommandSetup> open_backup_setup(CliContext& context, const BackupFlags& flags);
// Backup `id` of the setup's repository; nullopt after the failure was reported.
std::optional<backup::BackupInfo> find_backup(CliContext& context, const BackupCommandSetup& setup,
                                              const std::string& id);

// Runs `work` as a job on a private runner, drawing its progress on stderr when that is a terminal. Returns
// the job's error, if any.
core::Status run_backup_job(CliContext& context, const std::string& name,
                            const std::function<core::Status(core::JobContext&)>& work);

std::string format_bytes(std::uint64_t bytes);

// Registers `backup prune` and `backup restore` (backup_cli_restore.cpp).
void register_backup_prune_restore(CLI::App& backup_command, CliContext& context,
                                   const std::shared_ptr<BackupFlags>& flags);

}  // namespace opsdeck::tui::cli
