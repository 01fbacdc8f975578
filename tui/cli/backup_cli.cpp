// `opsdeck backup create|list|verify` (prune and restore: backup_cli_restore.cpp). Parse flags, call the
// backup engine, print a line or a table, or JSON with --json. verify records its outcome in the repository
// (verification_record.hpp) as the console does.
#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "backend/backup/backup_verify.hpp"
#include "backend/backup/directory_source.hpp"
#include "backend/backup/verification_record.hpp"
#include "backend/core/time_format.hpp"
#include "tui/cli/backup_cli_database_sources.hpp"
#include "tui/cli/backup_cli_support.hpp"

namespace opsdeck::tui::cli {
namespace {

struct CreateFlags {
  std::string source;
  std::string compress;  // empty: backup.compression
};

struct VerifyFlags {
  std::string id;
  bool read_data = false;
};

nlohmann::json backup_json(const backup::BackupInfo& info) {
  const auto& manifest = info.manifest;
  std::size_t files = 0;
  for (const auto& file : manifest.content.files) {
    files += file.type == backup::FileType::kRegular ? 1 : 0;
  }
  nlohmann::json environments = nlohmann::json::array();
  for (const auto& environment : manifest.content.lmdb_environments) {
    environments.push_back(backup::to_json(environment));
  }
  return {{"id", info.id},
          {"path", info.path.string()},
          {"source", manifest.source},
          {"kind", manifest.kind},
          {"started_at", core::format_utc(manifest.started_at)},
          {"finished_at", core::format_utc(manifest.finished_at)},
          {"files", files},
          {"size", manifest.total_size()},
          {"allocated", manifest.total_allocated()},
          {"stored", manifest.total_stored()},
          {"compression", manifest.compression()},
          {"lmdb_environments", environments}};
}

void create(CliContext& context, const BackupFlags& flags, const CreateFlags& create_flags) {
  auto settings = backup_settings(context, flags);
  if (!settings) {
    return;
  }
  // mariadb:/redis: sources (backup_cli_database_sources.hpp); everything else is a directory.
  std::unique_ptr<backup::BackupSource> source_holder;
  if (is_database_source(create_flags.source)) {
    auto database = database_source(context, create_flags.source, false);
    if (!database.ok()) {
      context.fail(database.error());
      return;
    }
    source_holder = std::move(*database);
  } else {
    auto source_options = backup::resolve_directory_source(create_flags.source, *settings);
    if (!source_options.ok()) {
      context.fail(source_options.error());
      return;
    }
    source_holder = std::make_unique<backup::DirectorySource>(std::move(*source_options));
  }
  backup::CreateOptions create_options;
  create_options.compression = settings->compression;
  create_options.compression_workers = settings->workers;
  if (!create_flags.compress.empty()) {
    auto compression = backup::parse_compression(create_flags.compress);
    if (!compression.ok()) {
      context.fail(compression.error());
      return;
    }
    create_options.compression = *compression;
  }
  auto repository = open_backup_repository(context, *settings, true);
  if (!repository) {
    return;
  }
  backup::BackupSource& source = *source_holder;
  std::optional<backup::BackupInfo> created;
  auto status =
      run_backup_job(context, "backup " + source.name(), [&](core::JobContext& job) -> core::Status {
        auto info = repository->create(source, job, create_options);
        OPSDECK_TRY(info);
        created = std::move(*info);
        return {};
      });
  if (!status.ok()) {
    context.fail(status.error());
    return;
  }
  if (context.options.json) {
    context.print_json(backup_json(*created));
  } else {
    std::cout << "backup " << created->id << " of " << created->manifest.source << ": "
              << backup_json(*created)["files"].get<std::size_t>() << " files, "
              << created->manifest.content.lmdb_environments.size() << " LMDB environments, "
              << format_bytes(created->manifest.total_allocated()) << " of data, "
              << format_bytes(created->manifest.total_stored()) << " stored ("
              << created->manifest.compression() << ") in " << created->path.string() << "\n";
  }
}

void list(CliContext& context, const BackupFlags& flags) {
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
  if (context.options.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& info : *backups) {
      items.push_back(backup_json(info));
    }
    context.print_json({{"repo", repository->root().string()}, {"backups", items}});
    return;
  }
  std::cout << "ID              KIND       SIZE        SOURCE\n";
  for (const auto& info : *backups) {
    std::string size = format_bytes(info.manifest.total_allocated());
    std::string kind = info.manifest.kind;
    kind.resize(std::max<std::size_t>(kind.size(), 10), ' ');
    size.resize(std::max<std::size_t>(size.size(), 11), ' ');
    std::cout << info.id << "  " << kind << " " << size << " " << info.manifest.source << "\n";
  }
}

void verify(CliContext& context, const BackupFlags& flags, const VerifyFlags& verify_flags) {
  auto setup = open_backup_setup(context, flags);
  if (!setup) {
    return;
  }
  auto info = find_backup(context, *setup, verify_flags.id);
  if (!info) {
    return;
  }
  const auto* settings = &setup->settings;
  const auto* repository = &setup->repository;
  backup::VerifyReport report;
  auto status =
      run_backup_job(context, "verify " + verify_flags.id, [&](core::JobContext& job) -> core::Status {
        auto verified = backup::verify_backup(*info, verify_flags.read_data, settings->workers, job);
        OPSDECK_TRY(verified);
        report = std::move(*verified);
        // Recorded as the console does, so the Backups view shows verifications made from the CLI.
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        return backup::save_verification(repository->root(), report.id,
                                         backup::verification_from(report.read_data, report.problems, now));
      });
  if (!status.ok()) {
    context.fail(status.error());
    return;
  }
  if (context.options.json) {
    context.print_json({{"id", report.id},
                        {"ok", report.ok()},
                        {"read_data", report.read_data},
                        {"files_checked", report.files_checked},
                        {"bytes_read", report.bytes_read},
                        {"problems", report.problems}});
  } else {
    for (const auto& problem : report.problems) {
      std::cout << "problem: " << problem << "\n";
    }
    std::cout << "backup " << report.id << (report.ok() ? " is intact: " : " is DAMAGED: ")
              << report.files_checked << " entries checked"
              << (report.read_data ? ", every checksum read" : " (metadata only)") << "\n";
  }
  if (!report.ok()) {
    context.exit_code = kExitFailure;
  }
}

}  // namespace

void register_backup_cli(CLI::App& app, CliContext& context) {
  auto* root = app.add_subcommand("backup", "back up service directories; list, verify, prune and restore");
  root->require_subcommand(1);
  auto flags = std::make_shared<BackupFlags>();
  root->add_option("--repo", flags->repo, "backup repository directory (default: backup.repo)");

  auto create_flags = std::make_shared<CreateFlags>();
  auto* create_command = root->add_subcommand("create", "take a backup of a directory or a named source");
  create_command->add_option("SOURCE", create_flags->source, "a directory or a name from backup.sources")
      ->required();
  create_command->add_option("--repo", flags->repo, "backup repository directory (default: backup.repo)");
  create_command->add_option("--compress", create_flags->compress,
                             "none, zstd or zstd:LEVEL (1-19) (default: backup.compression)");
  create_command->callback([&context, flags, create_flags] { create(context, *flags, *create_flags); });

  auto* list_command = root->add_subcommand("list", "the repository's complete backups, oldest first");
  list_command->add_option("--repo", flags->repo, "backup repository directory (default: backup.repo)");
  list_command->callback([&context, flags] { list(context, *flags); });

  auto verify_flags = std::make_shared<VerifyFlags>();
  auto* verify_command = root->add_subcommand("verify", "check a backup against its manifest");
  verify_command->add_option("ID", verify_flags->id, "the backup's id (see backup list)")->required();
  verify_command->add_flag("--read-data", verify_flags->read_data, "read every file and check its SHA-256");
  verify_command->add_option("--repo", flags->repo, "backup repository directory (default: backup.repo)");
  verify_command->callback([&context, flags, verify_flags] { verify(context, *flags, *verify_flags); });

  register_backup_prune_restore(*root, context, flags);
}

}  // namespace opsdeck::tui::cli
