// `opsdeck stack up|status|down`: parse, call StackEngine, print a table or JSON. Nothing else lives here.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/metrics/statsd_timed.hpp"
#include "backend/stack/stack_engine.hpp"
#include "backend/stack/stack_settings_from_config.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {
namespace {

// "42s", "3m 12s", "2h 05m", "3d 4h": enough to tell a fresh start from a server up for weeks.
std::string format_uptime(std::int64_t seconds) {
  char text[32];
  if (seconds < 60) {
    std::snprintf(text, sizeof text, "%llds", static_cast<long long>(seconds));
  } else if (seconds < 3600) {
    std::snprintf(text, sizeof text, "%lldm %02llds", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
  } else if (seconds < 86400) {
    std::snprintf(text, sizeof text, "%lldh %02lldm", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds % 3600 / 60));
  } else {
    std::snprintf(text, sizeof text, "%lldd %lldh", static_cast<long long>(seconds / 86400),
                  static_cast<long long>(seconds % 86400 / 3600));
  }
  return text;
}

// Columns padded to their widest cell; the last column is not padded.
void print_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t column = 0; column < row.size(); ++column) {
      widths[column] = std::max(widths[column], row[column].size());
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t column = 0; column < row.size(); ++column) {
      line += row[column];
      if (column + 1 < row.size()) {
        line += std::string(widths[column] - row[column].size() + 2, ' ');
      }
    }
    std::cout << line << "\n";
  }
}

std::string or_dash(const std::string& text) {
  return text.empty() ? "-" : text;
}

void print_status(CliContext& context, const stack::StackStatus& status) {
  if (context.options.json) {
    nlohmann::json servers = nlohmann::json::array();
    for (const auto& server : status.servers) {
      servers.push_back({{"name", server.name},
                         {"running", server.running},
                         {"pid", server.pid},
                         {"socket", server.socket},
                         {"tcp_port", server.tcp_port},
                         {"tls", server.tls},
                         {"version", server.version},
                         {"uptime_seconds", server.uptime_seconds},
                         {"note", server.note}});
    }
    context.print_json({{"directory", status.directory.string()}, {"servers", servers}});
    return;
  }
  std::cout << "stack in " << status.directory.string() << "\n";
  std::vector<std::vector<std::string>> rows = {
      {"SERVER", "STATE", "PID", "SOCKET", "VERSION", "UPTIME", "NOTE"}};
  for (const auto& server : status.servers) {
    std::string socket = server.socket;
    if (server.tcp_port != 0) {
      socket += " (127.0.0.1:" + std::to_string(server.tcp_port) + (server.tls ? ", TLS" : "") + ")";
    }
    rows.push_back({server.name, server.running ? "running" : "down",
                    server.pid != 0 ? std::to_string(server.pid) : "-", socket, or_dash(server.version),
                    server.running ? format_uptime(server.uptime_seconds) : "-", server.note});
  }
  print_table(rows);
}

void print_down_report(CliContext& context, const std::filesystem::path& directory,
                       const stack::StackDownReport& report) {
  if (context.options.json) {
    nlohmann::json servers = nlohmann::json::array();
    for (const auto& server : report.servers) {
      servers.push_back({{"name", server.name},
                         {"running", !server.stopped},
                         {"pid", server.pid},
                         {"was_running", server.was_running},
                         {"stopped", server.stopped},
                         {"note", server.note}});
    }
    context.print_json({{"directory", directory.string()}, {"servers", servers}});
    return;
  }
  std::cout << "stack in " << directory.string() << "\n";
  std::vector<std::vector<std::string>> rows = {{"SERVER", "STATE", "PID", "NOTE"}};
  for (const auto& server : report.servers) {
    const char* state = !server.stopped ? "running" : server.was_running ? "stopped" : "down";
    rows.push_back({server.name, state, server.pid != 0 ? std::to_string(server.pid) : "-", server.note});
  }
  print_table(rows);
}

// The engine for the configured state directory, with progress on stderr when a person watches.
std::optional<stack::StackEngine> make_engine(CliContext& context, bool tls = false) {
  const core::Config* config = context.config();
  if (config == nullptr) {
    context.exit_code = kExitFailure;
    return std::nullopt;
  }
  auto settings = stack::stack_settings_from_config(*config);
  settings.tls = settings.tls || tls;
  if (context.progress_enabled()) {
    settings.on_progress = [](std::string_view message) { std::cerr << message << "\n"; };
  }
  return stack::StackEngine(std::move(settings));
}

void run_up(CliContext& context, bool tls) {
  auto engine = make_engine(context, tls);
  if (!engine) {
    return;
  }
  metrics::StatsdEmitter& statsd = context.statsd();
  if (context.statsd_failed()) {
    return;
  }
  auto status = metrics::timed_operation(statsd, "stack.up", [&] { return engine->up(); });
  if (!status) {
    context.fail(status.error());
    return;
  }
  print_status(context, *status);
}

void run_status(CliContext& context) {
  auto engine = make_engine(context);
  if (!engine) {
    return;
  }
  auto status = engine->status();
  if (!status) {
    context.fail(status.error());
    return;
  }
  print_status(context, *status);
}

void run_down(CliContext& context) {
  auto engine = make_engine(context);
  if (!engine) {
    return;
  }
  auto report = engine->down();
  if (!report) {
    context.fail(report.error());
    return;
  }
  print_down_report(context, engine->directory(), *report);
  if (!report->all_stopped()) {
    context.exit_code = kExitFailure;
  }
}

}  // namespace

void register_stack_cli(CLI::App& app, CliContext& context) {
  auto* stack = app.add_subcommand("stack",
                                   "the local stack: a private mariadbd and redis-server under "
                                   "<state-dir>/stack");
  stack->require_subcommand(1);
  auto* up = stack->add_subcommand("up", "start what is not running (initialises MariaDB on first use)");
  // Owned by the callback: CLI11 keeps a pointer to it until parsing is done.
  auto tls = std::make_shared<bool>(false);
  up->add_flag(
      "--tls", *tls,
      "mariadbd also on 127.0.0.1 with a certificate from opsdeck's CA (<state-dir>/certs); the port is "
      "stack.mariadb_port, or a free one when that is 0");
  up->callback([&context, tls] { run_up(context, *tls); });
  stack->add_subcommand("status", "what runs: pid, socket, version, uptime")->callback([&context] {
    run_status(context);
  });
  stack->add_subcommand("down", "stop both servers (SIGTERM, then wait)")->callback([&context] {
    run_down(context);
  });
}

}  // namespace opsdeck::tui::cli
