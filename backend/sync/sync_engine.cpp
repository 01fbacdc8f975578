// SyncEngine::run: providers run as jobs on a private JobRunner with `parallel` workers (each gets its own
// JobContext for progress and cancellation); the caller's job cancels them all. While they run, the engine
// publishes their live progress a few times a second.
#include "backend/sync/sync_engine.hpp"

#include <algorithm>
#include <set>
#include <thread>

#include "backend/store/mariadb_pool.hpp"
#include "backend/sync/graph_schema.hpp"
#include "backend/sync/provider_run.hpp"
#include "backend/sync/sync_history.hpp"

namespace opsdeck::sync {
namespace {

core::Status check_options(const SyncOptions& options) {
  if (options.parallel == 0 || options.parallel > 64) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "--parallel " + std::to_string(options.parallel) + ": expected 1..64");
  }
  if (options.cleanup_batch == 0) {
    return core::fail(core::ErrorCategory::kInvalidInput, "cleanup batch must be at least 1 row");
  }
  if (!(options.cleanup_max_share >= 0.0 && options.cleanup_max_share <= 1.0)) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "cleanup max share " + std::to_string(options.cleanup_max_share) + ": expected 0..1");
  }
  if (options.lock_timeout.count() < 0) {
    return core::fail(core::ErrorCategory::kInvalidInput, "--lock-timeout must not be negative");
  }
  return {};
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string summary_line(const SyncRunSummary& summary) {
  std::size_t ok = 0;
  for (const auto& report : summary.reports) {
    ok += report.status == ProviderStatus::kOk ? 1 : 0;
  }
  return "sync " + std::to_string(summary.update_tag) + ": " + std::to_string(ok) + " of " +
         std::to_string(summary.reports.size()) + " providers ok";
}

}  // namespace

SyncEngine::SyncEngine(store::MariadbOptions graph, std::vector<std::shared_ptr<Provider>> providers,
                       std::shared_ptr<metrics::StatsdEmitter> statsd, core::Logger& logger)
    : graph_(std::move(graph)),
      providers_(std::move(providers)),
      statsd_(statsd ? std::move(statsd) : metrics::StatsdEmitter::disabled()),
      logger_(logger),
      pool_(std::make_unique<store::MariadbPool>(graph_, 4)) {
  for (const auto& provider : providers_) {
    state_.providers.push_back(ProviderState{std::string(provider->name()), provider->resources(), {}, {}});
  }
}

SyncEngine::~SyncEngine() = default;

void SyncEngine::publish_locked() {
  snapshots_.publish(state_);
}

core::Status SyncEngine::ensure_open() {
  {
    std::lock_guard lock(mutex_);
    if (schema_ready_) {
      return {};
    }
  }
  auto connection = pool_->acquire();
  if (!connection.ok()) {
    return core::Unexpected{connection.error()};
  }
  auto applied = store::apply_schema_steps(**connection, {graph_schema()});
  if (!applied.ok()) {
    return core::Unexpected{applied.error()};
  }
  std::lock_guard lock(mutex_);
  schema_ready_ = true;
  return {};
}

core::Status SyncEngine::open() {
  core::Status opened = ensure_open();
  std::vector<SyncRunSummary> history;
  if (opened.ok()) {
    auto loaded = this->history(kHistoryRuns);
    if (loaded.ok()) {
      history = std::move(*loaded);
    } else {
      opened = core::Unexpected{loaded.error()};
    }
  }
  std::lock_guard lock(mutex_);
  state_.loaded = true;
  state_.error = opened.ok() ? "" : opened.error().message;
  state_.history = std::move(history);
  for (auto& provider : state_.providers) {
    for (const auto& run : state_.history) {
      auto found = std::find_if(run.reports.begin(), run.reports.end(),
                                [&](const SyncReport& report) { return report.provider == provider.name; });
      if (found != run.reports.end()) {
        provider.last_run = *found;
        break;
      }
    }
  }
  publish_locked();
  return opened;
}

core::Result<SyncRunSummary> SyncEngine::run(const SyncOptions& options, core::JobContext& job) {
  OPSDECK_TRY(check_options(options));
  std::vector<std::shared_ptr<Provider>> selected;
  for (const auto& name : options.providers) {
    auto found = std::find_if(providers_.begin(), providers_.end(),
                              [&](const auto& provider) { return provider->name() == name; });
    if (found == providers_.end()) {
      std::string known;
      for (const auto& provider : providers_) {
        known += (known.empty() ? "" : ", ") + std::string(provider->name());
      }
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "--provider " + name + ": not a configured provider (configured: " +
                            (known.empty() ? "none" : known) + "; see sync.providers)");
    }
    if (std::find(selected.begin(), selected.end(), *found) == selected.end()) {
      selected.push_back(*found);
    }
  }
  if (options.providers.empty()) {
    selected = providers_;
  }
  if (selected.empty()) {
    return core::fail(core::ErrorCategory::kInvalidInput, "no providers to run (sync.providers is empty)");
  }
  OPSDECK_TRY(ensure_open());

  SyncRunSummary summary;
  summary.started_at = unix_now();
  summary.update_tag = options.update_tag.value_or(static_cast<std::uint64_t>(summary.started_at));
  {
    std::lock_guard lock(mutex_);
    if (running_) {
      return core::fail(core::ErrorCategory::kConflict, "a sync is already running in this process");
    }
    running_ = true;
    state_.running = true;
    state_.running_update_tag = summary.update_tag;
    publish_locked();
  }

  std::vector<std::unique_ptr<LiveProgress>> progress;
  std::vector<SyncReport> reports(selected.size());
  for (std::size_t i = 0; i < selected.size(); ++i) {
    progress.push_back(std::make_unique<LiveProgress>());
    reports[i].provider = std::string(selected[i]->name());
    reports[i].update_tag = summary.update_tag;
    reports[i].started_at = summary.started_at;
    reports[i].status = ProviderStatus::kCancelled;
    reports[i].message = "cancelled before it started; cleanup skipped";
  }
  job.set_total(static_cast<double>(selected.size()), "providers");
  const auto started = std::chrono::steady_clock::now();
  {
    core::JobRunner workers(std::min(options.parallel, selected.size()), logger_);
    std::vector<core::JobHandle> handles;
    for (std::size_t i = 0; i < selected.size(); ++i) {
      handles.push_back(workers.submit("sync " + reports[i].provider,
                                       [&, i](core::JobContext& child) -> core::Result<std::string> {
                                         ProviderRun run{*selected[i], options, summary.update_tag, graph_,
                                                         *statsd_,     logger_, *progress[i]};
                                         reports[i] = run_provider(run, child);
                                         return std::string(to_string(reports[i].status));
                                       }));
    }
    std::stop_callback cancel_all(job.stop_token(), [&] {
      for (const auto& handle : handles) {
        handle.cancel();
      }
    });
    // Publish live progress until every provider finished.
    while (true) {
      std::size_t finished = 0;
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      {
        std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < selected.size(); ++i) {
          auto live = progress[i]->read(elapsed);
          finished += live.phase == ProviderPhase::kDone ? 1 : 0;
          for (auto& state : state_.providers) {
            if (state.name == reports[i].provider) {
              state.live = live;
            }
          }
        }
        publish_locked();
      }
      job.set_done(static_cast<double>(finished));
      bool all_done = true;
      for (const auto& handle : handles) {
        auto info = workers.find(handle.id());
        all_done = all_done && info.has_value() && core::is_finished(info->state);
      }
      if (all_done) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  summary.reports = std::move(reports);

  core::Status recorded = [&]() -> core::Status {
    auto connection = pool_->acquire();
    if (!connection.ok()) {
      return core::Unexpected{connection.error()};
    }
    return record_run(**connection, summary.reports);
  }();
  if (!recorded.ok()) {
    logger_.warn("sync", "could not record the run in sync_runs: " + recorded.error().message);
  }
  statsd_->timing("sync.run.duration", std::chrono::steady_clock::now() - started);
  {
    std::lock_guard lock(mutex_);
    running_ = false;
    state_.running = false;
    for (auto& state : state_.providers) {
      state.live.reset();
      for (const auto& report : summary.reports) {
        if (report.provider == state.name) {
          state.last_run = report;
        }
      }
    }
    state_.history.insert(state_.history.begin(), summary);
    if (state_.history.size() > kHistoryRuns) {
      state_.history.resize(kHistoryRuns);
    }
    publish_locked();
  }
  return summary;
}

core::JobHandle SyncEngine::start(core::JobRunner& runner, SyncOptions options) {
  return runner.submit(
      "sync", [this, options = std::move(options)](core::JobContext& job) -> core::Result<std::string> {
        auto summary = run(options, job);
        if (!summary.ok()) {
          return core::Unexpected{summary.error()};
        }
        browse_labels();
        return summary_line(*summary);
      });
}

}  // namespace opsdeck::sync
