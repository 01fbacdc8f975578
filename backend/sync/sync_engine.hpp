// SyncEngine: the sync engine's facade (DESIGN.md, Cartography's operations guide). It runs providers into
// a graph of nodes and relationships stored in MariaDB; every row written or confirmed in a run gets
// lastupdated = update_tag, and after a provider loaded successfully the rows of its resource types in its
// scopes that were not confirmed are deleted (batched, with a safety share). A MariaDB GET_LOCK per
// (resource type, scope) keeps two jobs on any host from syncing the same thing at once; different
// providers run in parallel. The CLI (`opsdeck sync`, `opsdeck graph`) and the Sync view call only this.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "backend/core/job_runner.hpp"
#include "backend/core/logger.hpp"
#include "backend/core/published.hpp"
#include "backend/core/result.hpp"
#include "backend/metrics/statsd_emitter.hpp"
#include "backend/store/mariadb_options.hpp"
#include "backend/sync/provider.hpp"
#include "backend/sync/sync_snapshot.hpp"

namespace opsdeck::store {
class MariadbPool;
}

namespace opsdeck::sync {

inline constexpr std::size_t kDefaultCleanupBatch = 10'000;
inline constexpr double kDefaultCleanupMaxShare = 0.5;

// `opsdeck sync [--provider P]... [--update-tag N] [--parallel N] [--lock-timeout S] [--force]`
struct SyncOptions {
  std::vector<std::string> providers;       // names to run; empty = every configured provider
  std::optional<std::uint64_t> update_tag;  // default: the Unix time when the run started; unique per run
  std::size_t parallel = 4;                 // providers loading at once
  std::chrono::seconds lock_timeout{60};    // how long to wait for a (resource type, scope) lock
  bool force = false;                       // clean up even beyond cleanup_max_share
  std::size_t cleanup_batch = kDefaultCleanupBatch;    // rows per DELETE statement
  double cleanup_max_share = kDefaultCleanupMaxShare;  // of a node label's rows in its scope, 0..1
};

class SyncEngine {
 public:
  static constexpr std::size_t kHistoryRuns = 20;
  static constexpr std::size_t kBrowsePageSize = 500;

  // `graph`: the MariaDB that holds the graph (the configured one, else the local stack's). Nothing is
  // contacted until open() or the first call that needs the database.
  SyncEngine(store::MariadbOptions graph, std::vector<std::shared_ptr<Provider>> providers,
             std::shared_ptr<metrics::StatsdEmitter> statsd, core::Logger& logger);
  ~SyncEngine();
  SyncEngine(const SyncEngine&) = delete;
  SyncEngine& operator=(const SyncEngine&) = delete;

  // Connects, creates or upgrades the graph tables, loads the run history and publishes a snapshot.
  core::Status open();

  // Runs the selected providers (unknown names fail before anything runs) and returns one report per
  // provider. A failing provider does not fail the run: its report says why. Fails only when the graph
  // database cannot be used at all or the options are invalid.
  core::Result<SyncRunSummary> run(const SyncOptions& options, core::JobContext& job);
  // run() as a job on `runner` (the console); the summary line is the job's result, the reports go into
  // the snapshot's history.
  core::JobHandle start(core::JobRunner& runner, SyncOptions options);

  // Graph queries (`opsdeck graph ...`).
  core::Result<std::vector<LabelCount>> labels();
  core::Result<std::vector<NodeSummary>> nodes(const std::string& label, std::size_t limit = kBrowsePageSize,
                                               std::size_t offset = 0);
  core::Result<NodeDetail> node(const std::string& label, const std::string& id);
  core::Result<std::vector<SyncRunSummary>> history(std::size_t runs = kHistoryRuns);

  // Graph browser for the Sync view: each queries, stores the answer (or its error) in the snapshot's
  // `graph` and publishes. Call from a worker (console command), never from the UI thread.
  void browse_labels();
  void browse_label(const std::string& label);
  void browse_node(const std::string& label, const std::string& id);

  const std::vector<std::shared_ptr<Provider>>& providers() const { return providers_; }
  core::Published<SyncSnapshot>& snapshots() { return snapshots_; }
  const store::MariadbOptions& graph_options() const { return graph_; }

 private:
  struct RunState;
  core::Status ensure_open();
  void publish_locked();

  store::MariadbOptions graph_;
  std::vector<std::shared_ptr<Provider>> providers_;
  std::shared_ptr<metrics::StatsdEmitter> statsd_;
  core::Logger& logger_;
  std::unique_ptr<store::MariadbPool> pool_;
  std::mutex mutex_;  // guards everything below and the snapshot under construction
  bool schema_ready_ = false;
  bool running_ = false;
  SyncSnapshot state_;
  core::Published<SyncSnapshot> snapshots_;
};

}  // namespace opsdeck::sync
