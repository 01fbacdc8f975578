// Snapshot: the latest immutable state of every engine, copied once per frame and handed to the view.
// Views read only this; engines publish into their Published<T> slots and never touch a view.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "backend/certs/certs_snapshot.hpp"
#include "backend/core/job.hpp"
#include "backend/core/logger.hpp"
#include "backend/metrics/server_state.hpp"
#include "backend/sync/sync_snapshot.hpp"

namespace opsdeck::tui {

// Facts about this console session that do not change while it runs.
struct SessionInfo {
  std::filesystem::path state_dir;
  std::string config_file;   // empty when running without a file
  bool local_stack = false;  // the servers are opsdeck's own local stack
  std::string version;
};

struct Snapshot {
  std::shared_ptr<const core::JobsSnapshot> jobs = std::make_shared<const core::JobsSnapshot>();
  std::shared_ptr<const core::LogSnapshot> logs = std::make_shared<const core::LogSnapshot>();
  std::shared_ptr<const metrics::ServersSnapshot> servers =
      std::make_shared<const metrics::ServersSnapshot>();
  std::shared_ptr<const certs::CertsSnapshot> certs = std::make_shared<const certs::CertsSnapshot>();
  std::shared_ptr<const sync::SyncSnapshot> sync = std::make_shared<const sync::SyncSnapshot>();
  std::shared_ptr<const SessionInfo> session = std::make_shared<const SessionInfo>();
  std::chrono::system_clock::time_point now{};
  bool ascii = false;  // the terminal cannot show UTF-8: widgets use ASCII glyphs
};

}  // namespace opsdeck::tui
