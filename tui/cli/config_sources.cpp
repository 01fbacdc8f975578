// Global options that shadow config keys become flag-level sources; unset options stay out so that the
// file and the environment still apply.
#include "tui/cli/config_sources.hpp"

namespace opsdeck::tui::cli {

core::ConfigSources config_sources_from(const GlobalOptions& options) {
  auto sources = core::ConfigSources::from_process(options.config_file, options.state_dir);
  if (!options.theme.empty()) {
    sources.flags["ui.theme"] = options.theme;
  }
  if (options.no_color) {
    sources.flags["ui.no_color"] = "true";
  }
  return sources;
}

}  // namespace opsdeck::tui::cli
