// `opsdeck config check` (every key's effective value and origin, secrets masked, and every problem; exit 1
// when there is one) and `opsdeck config docs` (the reference, docs/configuration.md). It loads leniently
// itself instead of using CliContext::config(), which stops at the first invalid configuration.
#include <iostream>

#include "backend/core/config_docs.hpp"
#include "backend/core/config_report.hpp"
#include "tui/cli/cli_context.hpp"
#include "tui/cli/config_sources.hpp"

namespace opsdeck::tui::cli {

void register_config_cli(CLI::App& app, CliContext& context) {
  auto* config = app.add_subcommand("config", "Check the configuration or print its reference");
  config->require_subcommand(1);

  auto* check = config->add_subcommand("check", "Show every key's value and origin, and every problem");
  check->callback([&context] {
    std::vector<core::Error> problems;
    const auto loaded = core::Config::load_lenient(config_sources_from(context.options), problems);
    if (context.options.json) {
      context.print_json(core::config_report_json(loaded, problems));
    } else {
      std::cout << core::config_report_text(loaded, problems);
    }
    if (!problems.empty()) {
      context.exit_code = kExitFailure;
    }
  });

  auto* docs = config->add_subcommand("docs", "Print the configuration reference (docs/configuration.md)");
  docs->callback([] { std::cout << core::render_configuration_markdown(); });
}

}  // namespace opsdeck::tui::cli
