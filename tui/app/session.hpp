// Session: everything the console runs while open — logger, job runner, the local stack when no servers are
// configured, the server poller — wired to one wake-up fd. It assembles the per-frame Snapshot and runs the
// console's commands through the same engine facades the CLI uses.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "backend/backup/backup_console.hpp"
#include "backend/certs/certs_engine.hpp"
#include "backend/core/config.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/logger.hpp"
#include "backend/core/wakeup_fd.hpp"
#include "backend/metrics/graphite_forwarder.hpp"
#include "backend/metrics/server_poller.hpp"
#include "backend/metrics/statsd_emitter.hpp"
#include "backend/metrics/statsd_server.hpp"
#include "backend/stack/stack_engine.hpp"
#include "backend/sync/sync_engine.hpp"
#include "tui/snapshot.hpp"

namespace opsdeck::tui::app {

class Session {
 public:
  // Fails when the configured servers' options are invalid (e.g. an unreadable password file).
  static core::Result<std::unique_ptr<Session>> create(const core::Config& config, core::Logger& logger);
  ~Session();

  // Starts the poller and, on the local stack, a "stack up" job (the console opens at once and shows it).
  void start();
  int wakeup_fd() const { return wakeup_.fd(); }
  void drain_wakeup() const { wakeup_.drain(); }
  // True when any engine published since the last call.
  bool changed();
  Snapshot snapshot() const;

  core::JobRunner& jobs() { return *jobs_; }
  bool local_stack() const { return stack_ != nullptr; }
  // Starts "stack up" as a job; no-op without a local stack.
  void bring_stack_up();
  // Runs a console certificate command ("certs.refresh", "certs.create_ca", ...) as a job, then publishes
  // the certificate list again.
  void run_certs_command(std::string name, std::vector<std::string> args);
  // The console's own statsd server (nullptr when it could not bind) and the emitter its engines report
  // through (sending to that server; disabled without it).
  metrics::StatsdServer* statsd_server() { return statsd_server_.get(); }
  metrics::StatsdEmitter& statsd() { return *statsd_; }
  // Runs a console backup command ("backup.create", "backup.verify", "backup.preview", "backup.restore",
  // "backup.refresh") as a job, then lists the repository again. Returns "" or why it cannot start.
  std::string run_backup_command(std::string name, std::vector<std::string> args);

 private:
  Session(core::Logger& logger, std::size_t workers);
  // Binds metrics.listen/metrics.admin; a failure (a port already taken) is logged and shown in the Metrics
  // view, never fatal.
  void start_statsd(const core::Config& config);
  void create_sync_engine(const core::Config& config, const std::function<void()>& wake);

 public:
  // Sync view commands: "sync.run [provider...]" (empty = all) as the engine's job, and the graph browser's
  // "sync.browse_labels", "sync.browse_label LABEL", "sync.browse_node LABEL ID" as short jobs. Returns a
  // message when the command cannot run (no sync engine, missing arguments), else "".
  std::string run_sync_command(const std::string& name, const std::vector<std::string>& args);

 private:
  core::Logger& logger_;
  core::WakeupFd wakeup_;
  std::unique_ptr<core::JobRunner> jobs_;
  std::unique_ptr<stack::StackEngine> stack_;
  std::unique_ptr<metrics::ServerPoller> poller_;
  std::unique_ptr<certs::CertsEngine> certs_;
  core::Published<certs::CertsSnapshot> certs_snapshots_;
  std::mutex certs_mutex_;  // CRL updates are read-modify-write: one certificate job at a time
  std::unique_ptr<metrics::GraphiteForwarder> graphite_;  // metrics.graphite; outlives statsd_server_
  std::unique_ptr<metrics::StatsdServer> statsd_server_;
  std::shared_ptr<metrics::StatsdEmitter> statsd_ = metrics::StatsdEmitter::disabled();
  std::shared_ptr<const MetricsServerStatus> statsd_status_;
  std::unique_ptr<backup::BackupConsole> backups_;
  std::shared_ptr<const SessionInfo> info_;
  std::unique_ptr<sync::SyncEngine> sync_;
  sync::SyncOptions sync_defaults_;
  // When the engine could not be built (bad sync.* keys): what the Sync view shows instead.
  std::shared_ptr<const sync::SyncSnapshot> sync_unavailable_;
  core::JobHandle stack_job_;
  std::uint64_t seen_versions_ = 0;
};

}  // namespace opsdeck::tui::app
