// `opsdeck metrics serve`: the statsd server headless. Parse flags, start StatsdServer, print each flush
// (one JSON object per line with --json, a one-line summary otherwise) until SIGINT or SIGTERM.
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <pthread.h>

#include "backend/metrics/graphite_forwarder.hpp"
#include "backend/metrics/statsd_flush_json.hpp"
#include "backend/metrics/statsd_options_from_config.hpp"
#include "backend/metrics/statsd_server.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {
namespace {

// Unset flags fall back to the metrics.* keys.
struct ServeFlags {
  std::optional<std::string> listen;
  std::optional<std::string> admin;
  std::optional<double> flush_interval_seconds;
  std::optional<std::string> percentiles;
  std::optional<std::string> graphite;
  std::optional<std::string> graphite_prefix;
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

// Gives the forwarder a moment to send the last flush (stop() flushes once more) before the process exits.
void drain(const metrics::GraphiteForwarder& graphite) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < deadline) {
    auto counters = graphite.counters();
    if (counters.flushes_sent + counters.flushes_dropped >= counters.flushes_queued) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void serve(CliContext& context, const ServeFlags& flags) {
  const core::Config* config = context.config();
  if (config == nullptr) {
    return;
  }
  auto configured = metrics::statsd_server_options_from_config(*config);
  if (!configured.ok()) {
    context.fail(configured.error());
    return;
  }
  metrics::StatsdServerOptions options = std::move(*configured);
  if (flags.flush_interval_seconds) {
    double seconds = *flags.flush_interval_seconds;
    if (!(seconds >= 0.01 && seconds <= 86400)) {
      context.fail(
          {core::ErrorCategory::kInvalidInput, "--flush-interval: expected seconds between 0.01 and 86400"});
      context.exit_code = kExitUsage;
      return;
    }
    options.flush_interval = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  }
  options.listen = flags.listen.value_or(options.listen);
  options.admin = flags.admin.value_or(options.admin);
  if (flags.percentiles) {
    auto percentiles = metrics::parse_percentiles(*flags.percentiles, "--percentiles");
    if (!percentiles.ok()) {
      context.fail(percentiles.error());
      context.exit_code = kExitUsage;
      return;
    }
    options.aggregator.percentiles = std::move(*percentiles);
  }
  metrics::GraphiteForwarderOptions forward;
  forward.address = flags.graphite.value_or(config->get_string("metrics.graphite"));
  forward.prefix = flags.graphite_prefix.value_or(config->get_string("metrics.graphite_prefix"));
  const bool json = flags.json || context.options.json;

  // Signals are taken synchronously by this thread (sigwait); the server and forwarder threads inherit the
  // blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &signals, &previous);

  std::unique_ptr<metrics::GraphiteForwarder> graphite;
  if (!forward.address.empty()) {
    auto started = metrics::GraphiteForwarder::start(forward);
    if (!started.ok()) {
      pthread_sigmask(SIG_SETMASK, &previous, nullptr);
      context.fail(started.error());
      return;
    }
    graphite = std::move(*started);
  }
  std::mutex output;
  auto server =
      metrics::StatsdServer::start(options, [json, &output, &graphite](const metrics::StatsdFlush& flush) {
        if (graphite) {
          graphite->submit(flush);
        }
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
  if (graphite) {
    std::cerr << ", forwarding to graphite " << graphite->address();
  }
  std::cerr << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  (*server)->stop();
  if (graphite) {
    drain(*graphite);
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  context.exit_code = kExitOk;
}

}  // namespace

void register_metrics_cli(CLI::App& app, CliContext& context) {
  auto* root = app.add_subcommand("metrics", "the in-process statsd server and metrics tools");
  root->require_subcommand(1);
  auto flags = std::make_shared<ServeFlags>();
  auto* serve_command = root->add_subcommand("serve", "run the statsd server headless until SIGINT/SIGTERM");
  serve_command->add_option("--listen", flags->listen,
                            "UDP HOST:PORT to receive statsd on ([::1]:8125 for IPv6; metrics.listen)");
  serve_command->add_option(
      "--admin", flags->admin,
      "TCP HOST:PORT of the etsy-compatible admin interface ('' to disable; metrics.admin)");
  serve_command->add_option("--flush-interval", flags->flush_interval_seconds,
                            "seconds between flushes (metrics.flush_interval)");
  serve_command->add_option("--percentiles", flags->percentiles,
                            "timer percentiles, e.g. 90,95,99 (metrics.percentiles)");
  serve_command->add_option("--graphite", flags->graphite,
                            "forward each flush to Graphite's plaintext HOST:PORT (metrics.graphite)");
  serve_command->add_option("--graphite-prefix", flags->graphite_prefix,
                            "prefix of the Graphite paths (metrics.graphite_prefix)");
  serve_command->add_flag("--json", flags->json, "one JSON object per flush on stdout");
  serve_command->callback([&context, flags] { serve(context, *flags); });
}

}  // namespace opsdeck::tui::cli
