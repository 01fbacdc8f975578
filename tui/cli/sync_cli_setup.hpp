// The SyncEngine a CLI command works with: settings from the configuration (the local stack started when
// no MariaDB/Redis is configured), the providers built from sync.providers, and the statsd emitter.
#pragma once

#include <memory>

#include "backend/sync/sync_engine.hpp"
#include "backend/sync/sync_settings.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {

struct SyncCliSetup {
  sync::SyncSettings settings;
  std::unique_ptr<sync::SyncEngine> engine;
};

// On failure reports through context.fail and returns nullopt.
std::optional<SyncCliSetup> make_sync_engine(CliContext& context);

}  // namespace opsdeck::tui::cli
