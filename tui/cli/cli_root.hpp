// The command line: global flags, every engine's subcommands, and the console when no subcommand is given.
#pragma once

namespace opsdeck::tui::cli {

// Parses argv and runs a subcommand or the console; returns the process exit code (0, 1, or 2 for usage).
int run(int argc, char** argv);

}  // namespace opsdeck::tui::cli
