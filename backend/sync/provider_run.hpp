// run_provider: one provider's whole turn in a sync run. Take the locks on its declared resources, load it
// into a ScopedSink, and only when the load succeeded and was not cancelled plan and run its cleanup; then
// emit its statsd numbers. Never fails: every outcome, including "could not lock", is a SyncReport.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "backend/core/job_runner.hpp"
#include "backend/metrics/statsd_emitter.hpp"
#include "backend/store/mariadb_options.hpp"
#include "backend/sync/provider.hpp"
#include "backend/sync/sync_engine.hpp"
#include "backend/sync/sync_snapshot.hpp"

namespace opsdeck::sync {

// Written by the provider's thread, read by the engine's publisher while the run goes on.
class LiveProgress {
 public:
  void set_phase(ProviderPhase phase, std::string message = {});
  void set_message(std::string message);
  std::atomic<std::uint64_t> nodes{0};
  std::atomic<std::uint64_t> relationships{0};
  std::atomic<std::uint64_t> deleted{0};
  ProviderProgress read(double elapsed_seconds) const;

 private:
  mutable std::mutex mutex_;
  ProviderPhase phase_ = ProviderPhase::kQueued;
  std::string message_;
};

struct ProviderRun {
  Provider& provider;
  const SyncOptions& options;
  std::uint64_t update_tag = 0;
  const store::MariadbOptions& graph;
  metrics::StatsdEmitter& statsd;
  core::Logger& logger;
  LiveProgress& progress;
};

SyncReport run_provider(const ProviderRun& run, core::JobContext& job);

}  // namespace opsdeck::sync
