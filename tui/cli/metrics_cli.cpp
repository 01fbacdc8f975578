// `opsdeck metrics serve`: the statsd server headless. Parse flags, start StatsdServer, print each flush
// (one JSON object per line with --json, a one-line summary otherwise) until SIGINT or SIGTERM.
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>

#include <pthread.h>

#include "backend/metrics/statsd_flush_json.hpp"
#include "backend/metrics/statsd_server.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {
namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:8125";
  std::string admin = "127.0.0.1:8126";
  double flush_interval_seconds = 10;
  bool json = false;
};

std::string summary(const metrics::StatsdFlush& flush) {
  return "flush: " + std::to_string(flush.counters.size()) + " counters, " +
         std::to_string(flush.gauges.size()) + " gauges, " + std::to_string(flush.timers.size()) +
         " timers, " + std::to_string(flush.sets.size()) + " sets; " +
         std::to_string(flush.totals.metrics_received) + " lines received, " +
         std::to_string(flush.totals.bad_lines_seen) + " bad, " +
         std::to_string(flush.totals.series_refused) + " refused";
}

void serve(CliContext& context, const ServeFlags& flags) {
  if (!(flags.flush_interval_seconds >= 0.01 && flags.flush_interval_seconds <= 86400)) {
    context.fail(
        {core::ErrorCategory::kInvalidInput, "--flush-interval: expected seconds between 0.01 and 86400"});
    context.exit_code = kExitUsage;
    return;
  }
  metrics::StatsdServerOptions options;
  options.listen = flags.listen;
  options.admin = flags.admin;
  options.flush_interval =
      std::chrono::milliseconds(static_cast<long long>(flags.flush_interval_seconds * 1000));
  const bool json = flags.json || context.options.json;

  // Signals are taken synchronously by this thread (sigwait); the server thread inherits the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &signals, &previous);

  std::mutex output;
  auto server = metrics::StatsdServer::start(options, [json, &output](const metrics::StatsdFlush& flush) {
    std::lock_guard lock(output);
    if (json) {
      std::cout << metrics::statsd_flush_to_json(flush).dump(-1, ' ', false,
                                                             nlohmann::json::error_handler_t::replace)
                << std::endl;
    } else {
      std::cout << summary(flush) << std::endl;
    }
  });
  if (!server) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    context.fail(server.error());
    return;
  }
  std::cerr << "opsdeck: statsd listening on udp " << (*server)->udp_address();
  if (!(*server)->admin_address().empty()) {
    std::cerr << ", admin on tcp " << (*server)->admin_address();
  }
  std::cerr << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  (*server)->stop();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  context.exit_code = kExitOk;
}

}  // namespace

void register_metrics_cli(CLI::App& app, CliContext& context) {
  auto* root = app.add_subcommand("metrics", "the in-process statsd server and metrics tools");
  root->require_subcommand(1);
  auto flags = std::make_shared<ServeFlags>();
  auto* serve_command = root->add_subcommand("serve", "run the statsd server headless until SIGINT/SIGTERM");
  serve_command
      ->add_option("--listen", flags->listen, "UDP HOST:PORT to receive statsd on ([::1]:8125 for IPv6)")
      ->capture_default_str();
  serve_command
      ->add_option("--admin", flags->admin,
                   "TCP HOST:PORT of the etsy-compatible admin interface ('' to disable)")
      ->capture_default_str();
  serve_command->add_option("--flush-interval", flags->flush_interval_seconds, "seconds between flushes")
      ->capture_default_str();
  serve_command->add_flag("--json", flags->json, "one JSON object per flush on stdout");
  serve_command->callback([&context, flags] { serve(context, *flags); });
}

}  // namespace opsdeck::tui::cli
