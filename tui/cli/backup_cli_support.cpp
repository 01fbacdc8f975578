#include "tui/cli/backup_cli_support.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

namespace opsdeck::tui::cli {

std::optional<backup::BackupSettings> backup_settings(CliContext& context, const BackupFlags& flags) {
  const core::Config* config = context.config();
  if (config == nullptr) {
    return std::nullopt;
  }
  auto settings = backup::backup_settings_from_config(*config);
  if (!settings.ok()) {
    context.fail(settings.error());
    return std::nullopt;
  }
  if (!flags.repo.empty()) {
    settings->repo = flags.repo;
  }
  return std::move(*settings);
}

std::optional<backup::BackupRepository> open_backup_repository(CliContext& context,
                                                               const backup::BackupSettings& settings,
                                                               bool create) {
  auto repository = backup::BackupRepository::open(settings.repo, create);
  if (!repository.ok()) {
    context.fail(repository.error());
    return std::nullopt;
  }
  return std::move(*repository);
}

std::optional<BackupCommandSetup> open_backup_setup(CliContext& context, const BackupFlags& flags) {
  auto settings = backup_settings(context, flags);
  if (!settings) {
    return std::nullopt;
  }
  auto repository = open_backup_repository(context, *settings, false);
  if (!repository) {
    return std::nullopt;
  }
  return BackupCommandSetup{std::move(*settings), std::move(*repository)};
}

std::optional<backup::BackupInfo> find_backup(CliContext& context, const BackupCommandSetup& setup,
                                              const std::string& id) {
  auto info = setup.repository.find(id);
  if (!info.ok()) {
    context.fail(info.error());
    return std::nullopt;
  }
  return std::move(*info);
}

std::string format_bytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

core::Status run_backup_job(CliContext& context, const std::string& name,
                            const std::function<core::Status(core::JobContext&)>& work) {
  core::JobRunner runner(1, context.logger());
  core::Status outcome;
  auto handle = runner.submit(name, [&](core::JobContext& job) -> core::Result<std::string> {
    outcome = work(job);
    if (!outcome.ok()) {
      return core::Unexpected{outcome.error()};
    }
    return std::string("done");
  });
  const bool progress = context.progress_enabled() && !context.options.json;
  while (true) {
    auto info = runner.find(handle.id());
    if (!info || core::is_finished(info->state)) {
      break;
    }
    if (progress && info->progress.total > 0) {
      std::fprintf(stderr, "\r%s: %s of %s (%.0f%%)   ", name.c_str(),
                   format_bytes(static_cast<std::uint64_t>(info->progress.done)).c_str(),
                   format_bytes(static_cast<std::uint64_t>(info->progress.total)).c_str(),
                   info->progress.fraction() * 100);
    }
    // Short: a small backup takes a few milliseconds and the CLI should not idle past its end.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  handle.wait();
  if (progress) {
    std::fprintf(stderr, "\r\033[K");
  }
  return outcome;
}

}  // namespace opsdeck::tui::cli
