// `opsdeck sync [--provider P]... [--update-tag N] [--parallel N] [--lock-timeout S] [--force]`: one report
// line per provider (status, update_tag, duration, written, deleted, or why not), or JSON. Exit code 1 when
// any provider did not finish ok.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "backend/core/job_runner.hpp"
#include "backend/sync/sync_json.hpp"
#include "tui/cli/cli_context.hpp"
#include "tui/cli/sync_cli_setup.hpp"

namespace opsdeck::tui::cli {
namespace {

struct SyncFlags {
  std::vector<std::string> providers;
  std::optional<std::uint64_t> update_tag;
  std::optional<std::size_t> parallel;
  std::optional<std::int64_t> lock_timeout;
  bool force = false;
};

void print_reports(const sync::SyncRunSummary& summary) {
  std::cout << "update_tag " << summary.update_tag << "\n";
  for (const auto& report : summary.reports) {
    std::ostringstream line;
    line << std::left << std::setw(10) << report.provider << " " << std::setw(9)
         << sync::to_string(report.status) << " " << std::fixed << std::setprecision(2) << std::setw(8)
         << report.duration_seconds << "s"
         << "  written " << report.nodes_written << " nodes, " << report.relationships_written
         << " relationships";
    if (report.cleanup_ran) {
      line << "  deleted " << report.nodes_deleted << " nodes, " << report.relationships_deleted
           << " relationships";
    }
    if (!report.message.empty()) {
      line << "  " << report.message;
    }
    std::cout << line.str() << "\n";
  }
}

void run_sync(CliContext& context, const SyncFlags& flags) {
  auto setup = make_sync_engine(context);
  if (!setup) {
    return;
  }
  sync::SyncOptions options = setup->settings.defaults;
  options.providers = flags.providers;
  options.update_tag = flags.update_tag;
  options.force = flags.force;
  if (flags.parallel) {
    options.parallel = *flags.parallel;
  }
  if (flags.lock_timeout) {
    options.lock_timeout = std::chrono::seconds(*flags.lock_timeout);
  }
  core::JobRunner runner(1, context.logger());
  std::optional<core::Result<sync::SyncRunSummary>> result;
  auto handle = runner.submit("sync", [&](core::JobContext& job) -> core::Result<std::string> {
    result = setup->engine->run(options, job);
    return std::string("done");
  });
  handle.wait();
  if (!result || !result->ok()) {
    context.fail(result ? result->error() : core::Error{core::ErrorCategory::kInternal, "sync did not run"});
    return;
  }
  const auto& summary = result->value();
  if (context.options.json) {
    context.print_json(sync::to_json(summary));
  } else {
    print_reports(summary);
  }
  for (const auto& report : summary.reports) {
    if (report.status != sync::ProviderStatus::kOk) {
      context.exit_code = kExitFailure;
    }
  }
}

}  // namespace

void register_sync_cli(CLI::App& app, CliContext& context) {
  auto flags = std::make_shared<SyncFlags>();
  auto* command = app.add_subcommand("sync", "pull inventory from providers into the graph (MariaDB)");
  command->add_option("--provider", flags->providers, "run only this provider (repeatable)");
  command->add_option("--update-tag", flags->update_tag, "tag for this run (default: Unix time now)")
      ->check(CLI::PositiveNumber);
  command->add_option("--parallel", flags->parallel, "providers loading at once")->check(CLI::Range(1, 64));
  command->add_option("--lock-timeout", flags->lock_timeout, "seconds to wait for another job's lock")
      ->check(CLI::Range(0, 86400));
  command->add_flag("--force", flags->force, "clean up even beyond sync.cleanup_max_percent");
  command->callback([&context, flags] { run_sync(context, *flags); });
}

}  // namespace opsdeck::tui::cli
