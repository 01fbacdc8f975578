// The root CLI11 app. Global flags may be given before or after the subcommand (fallthrough).
#include "tui/cli/cli_root.hpp"

#include <iostream>

#include "tui/app/console_main.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {

int run(int argc, char** argv) {
  CLI::App app{"opsdeck: a terminal console and CLI for the people who run data services", "opsdeck"};
  app.set_version_flag("--version", std::string("opsdeck ") + OPSDECK_VERSION);
  app.fallthrough();
  app.require_subcommand(0, 1);

  CliContext context;
  auto& options = context.options;
  app.add_option("--config", options.config_file,
                 "configuration file (default $OPSDECK_CONFIG, then "
                 "$XDG_CONFIG_HOME/opsdeck/config.json)");
  app.add_option("--state-dir", options.state_dir, "where all state lives (stack, logs, caches)");
  app.add_flag("--json", options.json, "machine-readable output");
  app.add_flag("-q,--quiet", options.quiet, "no progress on stderr");
  app.add_flag("-v,--verbose", options.verbose, "log lines on stderr too");
  app.add_flag("--no-color", options.no_color, "monochrome console (also NO_COLOR)");
  app.add_option("--theme", options.theme, "console theme: dark, light, high-contrast or a file path");

  register_config_cli(app, context);
  register_stack_cli(app, context);
  register_certs_cli(app, context);
  register_metrics_cli(app, context);
  register_sync_cli(app, context);
  register_graph_cli(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    // CLI11 returns 0 for --help/--version; anything else is a usage error.
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (app.get_subcommands().empty()) {
    return app::run_console(context);
  }
  return context.exit_code;
}

}  // namespace opsdeck::tui::cli
