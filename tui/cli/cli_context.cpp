// CliContext: shared plumbing for subcommands (config, logger, output, exit codes).
#include "tui/cli/cli_context.hpp"

#include <unistd.h>

#include <iostream>

#include "tui/cli/config_sources.hpp"

namespace opsdeck::tui::cli {

const core::Config* CliContext::config() {
  if (config_) {
    return &*config_;
  }
  auto loaded = core::Config::load(config_sources_from(options));
  if (!loaded.ok()) {
    fail(loaded.error());
    return nullptr;
  }
  config_ = std::move(*loaded);
  return &*config_;
}

core::Logger& CliContext::logger() {
  if (logger_) {
    return *logger_;
  }
  logger_ = std::make_unique<core::Logger>();
  if (const core::Config* loaded = config()) {
    if (auto level = core::parse_log_level(loaded->get_string("general.log_level")); level.ok()) {
      logger_->set_min_level(*level);
    }
    // A log file that cannot be opened must not stop a command; say so once on stderr.
    if (auto opened = logger_->open_file(loaded->state_dir() / "logs" / "opsdeck.log"); !opened.ok()) {
      std::cerr << "opsdeck: warning: " << opened.error().message << "\n";
    }
  }
  logger_->set_stderr(options.verbose);
  return *logger_;
}

void CliContext::print_json(const nlohmann::json& value) const {
  std::cout << value.dump(2) << std::endl;
}

void CliContext::fail(const core::Error& error) {
  exit_code = kExitFailure;
  if (options.json) {
    print_json({{"error", {{"category", core::to_string(error.category)}, {"message", error.message}}}});
  } else {
    std::cerr << "opsdeck: " << error.message << "\n";
  }
}

bool CliContext::progress_enabled() const {
  return !options.quiet && ::isatty(STDERR_FILENO) == 1;
}

}  // namespace opsdeck::tui::cli
