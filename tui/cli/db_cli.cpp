// `opsdeck db status [--json] [--interval MS]`: one snapshot of every watched server — the configured ones,
// else the local stack's when it runs. Each server is polled twice, --interval apart, so rates are real.
// Exit code 1 when a server is down (for cron and monitoring scripts).
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "backend/metrics/polled_servers_from_config.hpp"
#include "backend/metrics/server_probe.hpp"
#include "backend/metrics/server_state_json.hpp"
#include "backend/stack/stack_settings_from_config.hpp"
#include "tui/cli/cli_context.hpp"
#include "tui/widgets/format.hpp"
#include "views/overview_view.hpp"

namespace opsdeck::tui::cli {
namespace {

std::string ratio_text(const std::optional<double>& ratio) {
  if (!ratio) {
    return "-";
  }
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << *ratio * 100 << "%";
  return out.str();
}

std::string rate_text(double per_second) {
  std::ostringstream out;
  out.precision(per_second < 100 ? 1 : 0);
  out << std::fixed << per_second;
  return out.str();
}

void print_replication(const metrics::ReplicationState& replication) {
  std::cout << "  replication: ";
  if (replication.role == "replica") {
    std::cout << "replica of " << replication.source << ", io " << (replication.io_running ? "yes" : "no")
              << ", sql " << (replication.sql_running ? "yes" : "no") << ", lag "
              << (replication.lag_seconds ? std::to_string(*replication.lag_seconds) + " s" : "-");
    if (!replication.link_state.empty()) {
      std::cout << " (" << replication.link_state << ")";
    }
  } else if (replication.role == "primary") {
    std::cout << "primary, " << replication.replicas_connected << " replica(s) connected";
    for (const auto& link : replication.replicas) {
      std::cout << "; " << link.address << " " << link.state << " lag " << link.lag_seconds << " s, "
                << link.offset_lag_bytes << " bytes behind";
    }
  } else {
    std::cout << "unknown";
  }
  if (!replication.error.empty()) {
    std::cout << "\n  replication error: " << replication.error;
  }
  std::cout << "\n";
}

void print_server(const metrics::ServerState& server) {
  std::cout << server.name << (server.from_local_stack ? " (local stack)" : "") << "  "
            << metrics::to_string(server.kind) << "  " << server.endpoint << "  ";
  if (!server.up) {
    std::cout << "DOWN: " << server.error << "\n";
    return;
  }
  std::cout << "up  " << server.version << "  uptime " << views::format_uptime(server.uptime_seconds) << "\n";
  if (server.mariadb) {
    const auto& status = *server.mariadb;
    std::cout << "  queries/s " << rate_text(status.queries_per_second) << "  slow/s "
              << rate_text(status.slow_queries_per_second) << "  connections " << status.threads_connected
              << "  running " << status.threads_running << "  recv "
              << tui::format_rate(status.bytes_received_per_second, true) << "  sent "
              << tui::format_rate(status.bytes_sent_per_second, true) << "  buffer pool hit "
              << ratio_text(status.buffer_pool_hit_ratio) << "\n";
    std::cout << "  rows/s read " << rate_text(status.rows_read_per_second) << "  inserted "
              << rate_text(status.rows_inserted_per_second) << "  updated "
              << rate_text(status.rows_updated_per_second) << "  deleted "
              << rate_text(status.rows_deleted_per_second) << "\n";
  }
  if (server.redis) {
    const auto& status = *server.redis;
    std::cout << "  ops/s " << rate_text(status.operations_per_second) << " (redis' own estimate "
              << status.instantaneous_ops_per_second << ")  memory "
              << tui::format_bytes(static_cast<double>(status.used_memory_bytes)) << "  clients "
              << status.connected_clients << "  keyspace hit " << ratio_text(status.keyspace_hit_ratio)
              << "\n  keys:";
    for (const auto& keyspace : status.keyspaces) {
      std::cout << " db" << keyspace.db << " " << keyspace.keys;
    }
    std::cout << (status.keyspaces.empty() ? " none\n" : "\n");
  }
  print_replication(server.replication);
  if (server.kind == metrics::ServerKind::kMariadb) {
    std::cout << "  processes: " << server.processes.size() << "\n";
    for (const auto& process : server.processes) {
      std::cout << "    " << process.id << "  " << process.user << "  "
                << (process.database.empty() ? "-" : process.database) << "  " << process.command << "  "
                << rate_text(process.seconds) << " s  " << process.state << "  " << process.info << "\n";
    }
  }
}

void run_status(CliContext& context, int interval_ms) {
  const core::Config* config = context.config();
  if (config == nullptr) {
    context.exit_code = kExitFailure;
    return;
  }
  // Without configured servers the local stack's are watched, but only when it runs: `db status` never
  // starts servers.
  std::optional<stack::StackEngine> stack;
  if (!core::mariadb_configured(*config) || !core::redis_configured(*config)) {
    stack.emplace(stack::stack_settings_from_config(*config));
    auto status = stack->status();
    if (!status.ok() || std::none_of(status->servers.begin(), status->servers.end(),
                                     [](const stack::ServerStatus& server) { return server.running; })) {
      stack.reset();
    }
  }
  auto servers = metrics::polled_servers_from_config(*config, stack ? &*stack : nullptr);
  if (!servers.ok()) {
    context.fail(servers.error());
    return;
  }
  if (servers->empty()) {
    context.fail({core::ErrorCategory::kUnavailable,
                  "no servers to watch: none configured (mariadb.host, redis.host, ...) and the local stack "
                  "is not running (opsdeck stack up)"});
    return;
  }
  std::vector<std::unique_ptr<metrics::ServerProbe>> probes;
  for (auto& server : *servers) {
    probes.push_back(std::make_unique<metrics::ServerProbe>(std::move(server)));
  }
  // In parallel: a server that hangs until its connect timeout does not delay the others' second poll.
  auto poll_all = [&] {
    std::vector<std::jthread> threads;
    for (auto& probe : probes) {
      threads.emplace_back([&probe, interval_ms] { probe->poll(std::chrono::milliseconds(interval_ms)); });
    }
  };
  poll_all();
  std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
  poll_all();

  bool all_up = true;
  nlohmann::json json = nlohmann::json::array();
  for (const auto& probe : probes) {
    all_up = all_up && probe->state().up;
    if (context.options.json) {
      json.push_back(metrics::server_state_to_json(probe->state()));
    } else {
      print_server(probe->state());
    }
  }
  if (context.options.json) {
    context.print_json({{"interval_ms", interval_ms}, {"servers", json}});
  }
  if (!all_up) {
    context.exit_code = kExitFailure;
  }
}

}  // namespace

void register_db_cli(CLI::App& app, CliContext& context) {
  auto* db = app.add_subcommand("db", "the watched MariaDB and Redis servers");
  db->require_subcommand(1);
  auto* status = db->add_subcommand(
      "status", "one snapshot of every server: rates, replication, process list (exit 1 if one is down)");
  auto interval = std::make_shared<int>(1000);
  status->add_option("--interval", *interval, "milliseconds between the two polls that rates come from")
      ->check(CLI::Range(100, 60000));
  status->callback([&context, interval] { run_status(context, *interval); });
}

}  // namespace opsdeck::tui::cli
