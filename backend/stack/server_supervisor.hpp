// ServerSupervisor: starts, inspects and stops one StackServer the same way for both servers. It trusts a
// pid file only after checking the process (see pid_file.hpp), starts servers detached (own session,
// stdin from /dev/null, output to their log), and calls a server up only once it answers a query.
#pragma once

#include <chrono>

#include "backend/stack/pid_file.hpp"
#include "backend/stack/stack_engine.hpp"
#include "backend/stack/stack_server.hpp"

namespace opsdeck::stack {

class ServerSupervisor {
 public:
  ServerSupervisor(StackServer& server, const StackSettings& settings);

  // Running means alive and answering. Never fails: what went wrong is in the note.
  ServerStatus status() const;
  // Reuses a running server, replaces a stale pid file, else prepares and starts one and waits until it
  // answers. The caller holds the stack lock.
  // `stop` ends the waits early with kCancelled (a server still starting is then stopped again).
  core::Result<ServerStatus> ensure_running(std::stop_token stop = {});
  // SIGTERM, then waits up to stop_timeout. Idempotent. The caller holds the stack lock.
  StackDownReport::Entry stop();

 private:
  ProcessIdentity identity() const;
  ServerStatus base_status() const;
  core::Result<ServerStatus> start(std::string note);
  void fill_from_probe(ServerStatus& status, const ServerProbe& probe) const;
  void progress(const std::string& message) const;

  StackServer& server_;
  std::chrono::seconds start_timeout_;
  std::chrono::seconds stop_timeout_;
  std::function<void(std::string_view)> on_progress_;
  std::stop_token stop_;
};

}  // namespace opsdeck::stack
