// The console's entry point: `opsdeck` with no subcommand.
#pragma once

#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::app {

// Opens the console on the configured servers, or on the local stack when none are configured. Returns the
// process exit code.
int run_console(cli::CliContext& context);

}  // namespace opsdeck::tui::app
