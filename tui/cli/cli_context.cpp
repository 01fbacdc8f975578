// CliContext: shared plumbing for subcommands (config, logger, output, exit codes).
#include "tui/cli/cli_context.hpp"

#include <unistd.h>

#include <iostream>

#include "backend/metrics/statsd_options_from_config.hpp"
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

metrics::StatsdEmitter& CliContext::statsd() {
  if (statsd_) {
    return *statsd_;
  }
  metrics::StatsdEmitterOptions emitter;
  if (const core::Config* loaded = config()) {
    emitter = metrics::statsd_emitter_options_from_config(*loaded);
  }
  emitter.enabled = emitter.enabled || options.statsd_enabled;
  if (options.statsd_host) {
    emitter.host = *options.statsd_host;
  }
  if (options.statsd_port) {
    emitter.port = *options.statsd_port;
  }
  if (options.statsd_prefix) {
    emitter.prefix = *options.statsd_prefix;
  }
  auto created = metrics::StatsdEmitter::create(emitter);
  if (created.ok()) {
    statsd_ = std::move(*created);
  } else {
    fail(created.error());
    statsd_failed_ = true;
    statsd_ = metrics::StatsdEmitter::disabled();
  }
  return *statsd_;
}

void CliContext::flush_statsd() {
  if (statsd_) {
    statsd_->flush();
  }
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
