// What every CLI subcommand file gets: global options, lazily loaded config and logger, and output helpers.
// A subcommand file parses flags into an engine's request struct, calls the facade and prints the result
// (human text, or JSON with --json); it holds no other logic. Exit codes: 0 ok, 1 failure, 2 usage error.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "backend/core/config.hpp"
#include "backend/core/logger.hpp"

namespace opsdeck::tui::cli {

struct GlobalOptions {
  std::optional<std::filesystem::path> config_file;  // --config
  std::optional<std::filesystem::path> state_dir;    // --state-dir
  bool json = false;                                 // --json
  bool quiet = false;                                // --quiet
  bool verbose = false;                              // --verbose: log lines to stderr too
  bool no_color = false;                             // --no-color
  std::string theme;                                 // --theme
};

enum ExitCode : int { kExitOk = 0, kExitFailure = 1, kExitUsage = 2 };

class CliContext {
 public:
  GlobalOptions options;
  int exit_code = kExitOk;

  // Loads the configuration once (with --config / --state-dir applied). On failure prints every problem
  // and returns nullptr; the caller then returns with exit code 1.
  const core::Config* config();
  // The log file under <state-dir>/logs/opsdeck.log plus the ring; stderr too with --verbose.
  core::Logger& logger();

  // Human output goes to stdout; with --json callers use print_json instead.
  void print_json(const nlohmann::json& value) const;
  // "opsdeck: <message>" on stderr (JSON {"error": ...} on stdout with --json) and exit code 1.
  void fail(const core::Error& error);
  // Progress and notes for a person: stderr, suppressed by --quiet or when stderr is not a tty.
  bool progress_enabled() const;

 private:
  std::optional<core::Config> config_;
  std::unique_ptr<core::Logger> logger_;
};

// One function per engine file registers its subcommands (tui/cli/<engine>_cli.cpp).
void register_config_cli(CLI::App& app, CliContext& context);
void register_stack_cli(CLI::App& app, CliContext& context);
void register_certs_cli(CLI::App& app, CliContext& context);
void register_metrics_cli(CLI::App& app, CliContext& context);
void register_sync_cli(CLI::App& app, CliContext& context);
void register_graph_cli(CLI::App& app, CliContext& context);

}  // namespace opsdeck::tui::cli
