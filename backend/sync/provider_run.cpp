#include "backend/sync/provider_run.hpp"

#include <chrono>

#include "backend/sync/graph_cleanup.hpp"
#include "backend/sync/graph_writer.hpp"
#include "backend/sync/resource_locks.hpp"
#include "backend/sync/scoped_sink.hpp"

namespace opsdeck::sync {
namespace {

core::Status check_resources(const Provider& provider, const std::vector<ResourceScope>& resources) {
  if (resources.empty()) {
    return core::fail(core::ErrorCategory::kInternal,
                      "provider " + std::string(provider.name()) + " declared no resources");
  }
  for (const auto& resource : resources) {
    if (resource.name.empty() || resource.name.size() > 64 || resource.scope.empty() ||
        resource.scope.size() > 190) {
      return core::fail(core::ErrorCategory::kInternal, "provider " + std::string(provider.name()) +
                                                            " declared " + describe_resource(resource) +
                                                            ": names must be 1..64 bytes and scopes 1..190");
    }
  }
  return {};
}

// The sink a provider sees: counts go to the live progress as they are written.
class CountingSink final : public GraphSink {
 public:
  CountingSink(ScopedSink& inner, LiveProgress& progress) : inner_(inner), progress_(progress) {}
  core::Status add_node(GraphNode node) override {
    OPSDECK_TRY(inner_.add_node(std::move(node)));
    progress_.nodes.fetch_add(1, std::memory_order_relaxed);
    return {};
  }
  core::Status add_relationship(GraphRelationship relationship) override {
    OPSDECK_TRY(inner_.add_relationship(std::move(relationship)));
    progress_.relationships.fetch_add(1, std::memory_order_relaxed);
    return {};
  }

 private:
  ScopedSink& inner_;
  LiveProgress& progress_;
};

void emit_statsd(metrics::StatsdEmitter& statsd, const SyncReport& report) {
  const std::string prefix = "sync." + metrics::StatsdEmitter::sanitize(report.provider) + ".";
  statsd.timing(prefix + "duration", std::chrono::duration<double>(report.duration_seconds));
  statsd.count(prefix + "nodes_written", static_cast<double>(report.nodes_written));
  statsd.count(prefix + "relationships_written", static_cast<double>(report.relationships_written));
  statsd.count(prefix + "nodes_deleted", static_cast<double>(report.nodes_deleted));
  statsd.count(prefix + "relationships_deleted", static_cast<double>(report.relationships_deleted));
  statsd.count(prefix + std::string(to_string(report.status)));
}

// Loads and cleans up; the caller holds the locks. Fills the report's counts and status.
void load_and_clean(const ProviderRun& run, const std::vector<ResourceScope>& resources,
                    core::JobContext& job, SyncReport& report) {
  auto connection = store::MariadbConnection::connect(run.graph);
  if (!connection.ok()) {
    report.message = connection.error().message + "; nothing loaded, cleanup skipped";
    return;
  }
  GraphWriter writer(**connection, run.update_tag);
  ScopedSink scoped(std::string(run.provider.name()), resources, writer);
  CountingSink sink(scoped, run.progress);
  ProviderContext context{job, sink, run.update_tag, run.statsd, run.logger};
  run.progress.set_phase(ProviderPhase::kLoading);
  core::Status loaded = run.provider.load(context);
  core::Status flushed = scoped.flush();
  report.nodes_written = writer.nodes_written();
  report.relationships_written = writer.relationships_written();
  if (job.cancelled()) {
    report.status = ProviderStatus::kCancelled;
    report.message = "cancelled while loading; cleanup skipped, earlier data kept";
    return;
  }
  if (!loaded.ok() || !flushed.ok()) {
    report.message =
        (loaded.ok() ? flushed.error() : loaded.error()).message + "; cleanup skipped, earlier data kept";
    return;
  }
  run.progress.set_phase(ProviderPhase::kCleaning);
  auto plan =
      plan_cleanup(**connection, resources, run.update_tag, run.options.cleanup_max_share, run.options.force);
  if (!plan.ok()) {
    report.message = "cleanup: " + plan.error().message;
    return;
  }
  if (plan->refused) {
    report.status = ProviderStatus::kRefused;
    report.message = plan->message;
    report.cleanups = plan->resources;
    return;
  }
  auto cleaned = run_cleanup(**connection, *plan, run.update_tag, run.options.cleanup_batch, job.stop_token(),
                             [&](std::uint64_t rows) { run.progress.deleted.fetch_add(rows); });
  report.cleanups = plan->resources;
  for (const auto& result : plan->resources) {
    (result.resource.kind == ResourceScope::Kind::kNode ? report.nodes_deleted
                                                        : report.relationships_deleted) += result.deleted;
    report.relationships_deleted += result.attached_deleted;
  }
  if (!cleaned.ok()) {
    report.status = cleaned.error().category == core::ErrorCategory::kCancelled ? ProviderStatus::kCancelled
                                                                                : ProviderStatus::kFailed;
    report.message = cleaned.error().message;
    return;
  }
  report.cleanup_ran = true;
  report.status = ProviderStatus::kOk;
}

}  // namespace

void LiveProgress::set_phase(ProviderPhase phase, std::string message) {
  std::lock_guard lock(mutex_);
  phase_ = phase;
  message_ = std::move(message);
}

void LiveProgress::set_message(std::string message) {
  std::lock_guard lock(mutex_);
  message_ = std::move(message);
}

ProviderProgress LiveProgress::read(double elapsed_seconds) const {
  ProviderProgress progress;
  {
    std::lock_guard lock(mutex_);
    progress.phase = phase_;
    progress.message = message_;
  }
  progress.nodes_written = nodes.load();
  progress.relationships_written = relationships.load();
  progress.deleted = deleted.load();
  progress.elapsed_seconds = elapsed_seconds;
  return progress;
}

SyncReport run_provider(const ProviderRun& run, core::JobContext& job) {
  const auto started = std::chrono::steady_clock::now();
  SyncReport report;
  report.provider = std::string(run.provider.name());
  report.update_tag = run.update_tag;
  report.started_at =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  report.status = ProviderStatus::kFailed;
  const std::vector<ResourceScope> resources = run.provider.resources();
  if (auto checked = check_resources(run.provider, resources); !checked.ok()) {
    report.message = checked.error().message;
  } else {
    run.progress.set_phase(ProviderPhase::kLocking);
    auto locks = ResourceLocks::acquire(run.graph, resources, run.options.lock_timeout, job.stop_token(),
                                        [&](const std::string& line) {
                                          run.progress.set_message(line);
                                          job.message(report.provider + ": " + line);
                                        });
    if (!locks.ok()) {
      report.status = locks.error().category == core::ErrorCategory::kCancelled ? ProviderStatus::kCancelled
                                                                                : ProviderStatus::kFailed;
      report.message = locks.error().message + "; nothing loaded, cleanup skipped";
    } else {
      load_and_clean(run, resources, job, report);
    }
  }
  report.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.progress.set_phase(ProviderPhase::kDone, report.message);
  emit_statsd(run.statsd, report);
  if (report.status == ProviderStatus::kOk) {
    run.logger.info("sync", report.provider + ": " + std::to_string(report.nodes_written) + " nodes, " +
                                std::to_string(report.relationships_written) + " relationships written, " +
                                std::to_string(report.nodes_deleted + report.relationships_deleted) +
                                " stale rows deleted (update_tag " + std::to_string(report.update_tag) + ")");
  } else {
    run.logger.warn("sync",
                    report.provider + " " + std::string(to_string(report.status)) + ": " + report.message);
  }
  return report;
}

}  // namespace opsdeck::sync
