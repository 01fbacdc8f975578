// `opsdeck backup prune` (restic's keep policy, per source) and `opsdeck backup restore ID --to TARGET
// --yes`.
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "backend/backup/directory_restore.hpp"
#include "backend/backup/prune_policy.hpp"
#include "tui/cli/backup_cli_database_sources.hpp"
#include "tui/cli/backup_cli_support.hpp"

namespace opsdeck::tui::cli {
namespace {

struct PruneFlags {
  backup::KeepPolicy policy;
  bool dry_run = false;
};

struct RestoreFlags {
  std::string id;
  std::string target;
  bool yes = false;
  bool flush = false;  // Redis backups: FLUSHDB before RESTORE
};

void prune(CliContext& context, const BackupFlags& flags, const PruneFlags& prune_flags) {
  if (prune_flags.policy.empty()) {
    context.fail({core::ErrorCategory::kInvalidInput,
                  "prune needs at least one of --keep-last, --keep-daily, --keep-weekly above 0 "
                  "(refusing to remove every backup)"});
    context.exit_code = kExitUsage;
    return;
  }
  auto setup = open_backup_setup(context, flags);
  if (!setup) {
    return;
  }
  const auto* repository = &setup->repository;
  auto backups = repository->list();
  if (!backups.ok()) {
    context.fail(backups.error());
    return;
  }
  // The policy applies to each source's backups separately (restic groups by host and paths).
  std::map<std::string, std::vector<backup::PruneCandidate>> by_source;
  for (const auto& info : *backups) {
    auto time = backup::backup_time_of(info.id);
    if (time.ok()) {
      by_source[info.manifest.source].push_back({info.id, *time});
    }
  }
  nlohmann::json decisions = nlohmann::json::array();
  std::size_t removed = 0;
  for (const auto& [source, candidates] : by_source) {
    for (const auto& decision : backup::apply_keep_policy(candidates, prune_flags.policy)) {
      decisions.push_back(
          {{"id", decision.id}, {"source", source}, {"keep", decision.keep}, {"reasons", decision.reasons}});
      if (!context.options.json) {
        std::string reasons;
        for (const auto& reason : decision.reasons) {
          reasons += (reasons.empty() ? "" : ",") + reason;
        }
        std::cout << (decision.keep ? "keep   " : "remove ") << decision.id << "  " << source
                  << (reasons.empty() ? "" : "  (" + reasons + ")") << "\n";
      }
      if (!decision.keep && !prune_flags.dry_run) {
        if (auto status = repository->remove(decision.id); !status.ok()) {
          context.fail(status.error());
          return;
        }
        ++removed;
      }
    }
  }
  if (context.options.json) {
    context.print_json({{"dry_run", prune_flags.dry_run}, {"removed", removed}, {"decisions", decisions}});
  } else {
    std::cout << (prune_flags.dry_run ? "dry run: nothing removed\n"
                                      : "removed " + std::to_string(removed) + " backups\n");
  }
}

void restore(CliContext& context, const BackupFlags& flags, const RestoreFlags& restore_flags) {
  if (!restore_flags.yes) {
    context.fail({core::ErrorCategory::kInvalidInput, "restore replaces " + restore_flags.target +
                                                          ": add --yes to confirm (the old data is kept as " +
                                                          restore_flags.target + ".pre-restore-<time>)"});
    context.exit_code = kExitUsage;
    return;
  }
  auto setup = open_backup_setup(context, flags);
  if (!setup) {
    return;
  }
  auto info = find_backup(context, *setup, restore_flags.id);
  if (!info) {
    return;
  }
  const auto* settings = &setup->settings;
  // MariaDB and Redis backups are restored through their source (backup_cli_database_sources.hpp).
  if (info->manifest.kind == "mariadb" || info->manifest.kind == "redis") {
    restore_database_backup(context, *info, restore_flags.target, restore_flags.flush);
    return;
  }
  backup::DirectoryRestoreResult result;
  auto status =
      run_backup_job(context, "restore " + restore_flags.id, [&](core::JobContext& job) -> core::Status {
        backup::DirectoryRestoreOptions options;
        options.data_dir = info->data_dir();
        options.target = restore_flags.target;
        options.workers = settings->workers;
        auto restored = backup::restore_directory(options, info->manifest, job);
        OPSDECK_TRY(restored);
        result = std::move(*restored);
        return {};
      });
  if (!status.ok()) {
    context.fail(status.error());
    return;
  }
  if (context.options.json) {
    context.print_json({{"id", info->id},
                        {"target", result.target.string()},
                        {"previous", result.previous.string()},
                        {"files", result.files},
                        {"bytes", result.bytes}});
  } else {
    std::cout << "restored backup " << info->id << " into " << result.target.string() << " (" << result.files
              << " files, " << format_bytes(result.bytes) << ")";
    if (!result.previous.empty()) {
      std::cout << "; the old data is in " << result.previous.string();
    }
    std::cout << "\n";
  }
}

}  // namespace

void register_backup_prune_restore(CLI::App& backup_command, CliContext& context,
                                   const std::shared_ptr<BackupFlags>& flags) {
  auto prune_flags = std::make_shared<PruneFlags>();
  auto* prune_command =
      backup_command.add_subcommand("prune", "remove backups the keep policy does not keep");
  prune_command->add_option("--keep-last", prune_flags->policy.last, "keep the N newest backups");
  prune_command->add_option("--keep-daily", prune_flags->policy.daily, "keep the newest of each of N days");
  prune_command->add_option("--keep-weekly", prune_flags->policy.weekly,
                            "keep the newest of each of N weeks");
  prune_command->add_flag("--dry-run", prune_flags->dry_run, "say what would be removed; remove nothing");
  prune_command->add_option("--repo", flags->repo, "backup repository directory (default: backup.repo)");
  prune_command->callback([&context, flags, prune_flags] { prune(context, *flags, *prune_flags); });

  auto restore_flags = std::make_shared<RestoreFlags>();
  auto* restore_command =
      backup_command.add_subcommand("restore", "restore a directory backup, with rollback");
  restore_command->add_option("ID", restore_flags->id, "the backup's id (see backup list)")->required();
  restore_command->add_option("--to", restore_flags->target, "the directory to replace")->required();
  restore_command->add_flag("--yes", restore_flags->yes, "confirm replacing the target");
  restore_command->add_flag("--flush", restore_flags->flush, "Redis backups: FLUSHDB before restoring");
  restore_command->add_option("--repo", flags->repo, "backup repository directory (default: backup.repo)");
  restore_command->callback([&context, flags, restore_flags] { restore(context, *flags, *restore_flags); });
}

}  // namespace opsdeck::tui::cli
