// Snapshot: the latest immutable state of every engine, copied once per frame and handed to the view.
// Views read only this; engines publish into their Published<T> slots and never touch a view.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "backend/backup/backup_snapshot.hpp"
#include "backend/certs/certs_snapshot.hpp"
#include "backend/core/job.hpp"
#include "backend/core/logger.hpp"
#include "backend/metrics/server_state.hpp"
#include "backend/metrics/statsd_snapshot.hpp"
#include "backend/sync/sync_snapshot.hpp"

namespace opsdeck::tui {

// Facts about this console session that do not change while it runs.
struct SessionInfo {
  std::filesystem::path state_dir;
  std::string config_file;   // empty when running without a file
  bool local_stack = false;  // the servers are opsdeck's own local stack
  std::string version;
};

// The console's own statsd server: where it listens, or why it could not (a port already taken).
struct MetricsServerStatus {
  bool listening = false;
  std::string udp_address;    // "127.0.0.1:8125"
  std::string admin_address;  // empty when the admin interface is off
  std::string error;          // set when the server could not start
  double flush_interval_seconds = 10;
};

struct Snapshot {
  std::shared_ptr<const core::JobsSnapshot> jobs = std::make_shared<const core::JobsSnapshot>();
  std::shared_ptr<const core::LogSnapshot> logs = std::make_shared<const core::LogSnapshot>();
  std::shared_ptr<const metrics::ServersSnapshot> servers =
      std::make_shared<const metrics::ServersSnapshot>();
  std::shared_ptr<const certs::CertsSnapshot> certs = std::make_shared<const certs::CertsSnapshot>();
  std::shared_ptr<const metrics::StatsdFlush> statsd_flush = std::make_shared<const metrics::StatsdFlush>();
  std::shared_ptr<const metrics::StatsdHistory> statsd_history =
      std::make_shared<const metrics::StatsdHistory>();
  std::shared_ptr<const MetricsServerStatus> statsd_status = std::make_shared<const MetricsServerStatus>();
  std::shared_ptr<const backup::BackupsSnapshot> backups = std::make_shared<const backup::BackupsSnapshot>();
  std::shared_ptr<const sync::SyncSnapshot> sync = std::make_shared<const sync::SyncSnapshot>();
  std::shared_ptr<const SessionInfo> session = std::make_shared<const SessionInfo>();
  std::chrono::system_clock::time_point now{};
  bool ascii = false;  // the terminal cannot show UTF-8: widgets use ASCII glyphs
};

}  // namespace opsdeck::tui
