// StackEngine: the facade over the two servers. It holds the stack lock around anything that starts or stops
// a server and keeps going with the second server when the first fails, so that one `up` reports both.
#include "backend/stack/stack_engine.hpp"

#include <algorithm>
#include <memory>

#include "backend/stack/mariadb_stack_server.hpp"
#include "backend/stack/redis_stack_server.hpp"
#include "backend/stack/server_supervisor.hpp"
#include "backend/stack/stack_lock.hpp"

namespace opsdeck::stack {
namespace {

std::unique_ptr<StackServer> make_server(const StackSettings& settings, StackServerId server) {
  if (server == StackServerId::kMariadb) {
    return std::make_unique<MariadbStackServer>(settings);
  }
  return std::make_unique<RedisStackServer>(settings);
}

constexpr StackServerId kAllServers[] = {StackServerId::kMariadb, StackServerId::kRedis};

// Starting can include mariadb-install-db and two starts; another holder may be doing exactly that.
std::chrono::milliseconds lock_timeout(const StackSettings& settings) {
  return 2 * settings.start_timeout + settings.stop_timeout;
}

}  // namespace

bool StackStatus::all_running() const {
  return !servers.empty() &&
         std::all_of(servers.begin(), servers.end(), [](const auto& s) { return s.running; });
}

bool StackDownReport::all_stopped() const {
  return std::all_of(servers.begin(), servers.end(), [](const auto& s) { return s.stopped; });
}

StackEngine::StackEngine(StackSettings settings) : settings_(std::move(settings)) {
}

std::filesystem::path StackEngine::directory() const {
  return settings_.state_dir / "stack";
}

core::Result<StackStatus> StackEngine::up(std::stop_token stop) {
  OPSDECK_TRY(make_private_directory(directory()));
  auto lock = StackLock::acquire(directory() / ".lock", lock_timeout(settings_), stop);
  if (!lock) {
    return core::Unexpected{lock.error()};
  }
  StackStatus status;
  status.directory = directory();
  std::optional<core::Error> first_error;
  std::string messages;
  for (const auto id : kAllServers) {
    auto server = make_server(settings_, id);
    ServerSupervisor supervisor(*server, settings_);
    auto started = supervisor.ensure_running(stop);
    if (!started) {
      if (!first_error) {
        first_error = started.error();
      }
      messages += (messages.empty() ? "" : "\n") + started.error().message;
      continue;
    }
    status.servers.push_back(std::move(*started));
  }
  if (first_error) {
    return core::fail(first_error->category, messages);
  }
  return status;
}

core::Result<StackStatus> StackEngine::status() const {
  StackStatus status;
  status.directory = directory();
  for (const auto id : kAllServers) {
    auto server = make_server(settings_, id);
    status.servers.push_back(ServerSupervisor(*server, settings_).status());
  }
  return status;
}

core::Result<StackDownReport> StackEngine::down() {
  StackDownReport report;
  std::error_code error;
  if (!std::filesystem::exists(directory(), error)) {
    for (const auto id : kAllServers) {
      report.servers.push_back(
          {std::string(make_server(settings_, id)->name()), 0, false, true, "not running"});
    }
    return report;
  }
  auto lock = StackLock::acquire(directory() / ".lock", lock_timeout(settings_));
  if (!lock) {
    return core::Unexpected{lock.error()};
  }
  for (const auto id : kAllServers) {
    auto server = make_server(settings_, id);
    report.servers.push_back(ServerSupervisor(*server, settings_).stop());
  }
  return report;
}

core::Result<ServerStatus> StackEngine::start_server(StackServerId id) {
  OPSDECK_TRY(make_private_directory(directory()));
  auto lock = StackLock::acquire(directory() / ".lock", lock_timeout(settings_));
  if (!lock) {
    return core::Unexpected{lock.error()};
  }
  auto server = make_server(settings_, id);
  return ServerSupervisor(*server, settings_).ensure_running();
}

core::Result<StackDownReport::Entry> StackEngine::stop_server(StackServerId id) {
  OPSDECK_TRY(make_private_directory(directory()));
  auto lock = StackLock::acquire(directory() / ".lock", lock_timeout(settings_));
  if (!lock) {
    return core::Unexpected{lock.error()};
  }
  auto server = make_server(settings_, id);
  return ServerSupervisor(*server, settings_).stop();
}

store::MariadbOptions StackEngine::mariadb_options() const {
  return MariadbStackServer(settings_).connection_options();
}

store::RedisOptions StackEngine::redis_options() const {
  return RedisStackServer(settings_).connection_options();
}

}  // namespace opsdeck::stack
