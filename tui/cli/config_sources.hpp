// The one mapping from global CLI options to configuration sources, shared by CliContext::config() and
// `opsdeck config check` so that both see the same effective configuration.
#pragma once

#include "backend/core/config.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {

// --config, --state-dir, and the flags that are also config keys (--theme -> ui.theme, --no-color ->
// ui.no_color), over the process environment.
core::ConfigSources config_sources_from(const GlobalOptions& options);

}  // namespace opsdeck::tui::cli
