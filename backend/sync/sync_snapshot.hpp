// SyncSnapshot: what the Sync view shows, published by SyncEngine (engine.snapshots()): every provider with
// its last run and, while a sync runs, its live progress; the run history (newest first, from the sync_runs
// table so it survives restarts); and the graph browser's current page (labels with counts, the nodes of
// the selected label, the opened node). Immutable values; a view renders it without any I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/sync/provider.hpp"

namespace opsdeck::sync {

enum class ProviderStatus {
  kOk,         // loaded and cleaned up
  kFailed,     // load() failed, a lock could not be taken, or cleanup failed; no cleanup ran
  kCancelled,  // the job was cancelled; no cleanup ran
  kRefused,    // loaded, but the cleanup would delete more than the safety share; nothing deleted (--force)
};
std::string_view to_string(ProviderStatus status);  // "ok", "failed", "cancelled", "refused"

// The cleanup of one resource type in one scope.
struct CleanupResult {
  ResourceScope resource;
  std::uint64_t total = 0;    // rows of this type in this scope before the cleanup
  std::uint64_t stale = 0;    // rows whose lastupdated != update_tag
  std::uint64_t deleted = 0;  // rows actually deleted (0 when refused)
  // For a node label: relationships of any type and scope (another provider's too) deleted because one of
  // their ends was among the deleted nodes. Counted in the report's relationships_deleted.
  std::uint64_t attached_deleted = 0;
  bool refused = false;  // stale > total * cleanup_max_share and not forced
};

// One provider's outcome in one run (`opsdeck sync` prints one per provider).
struct SyncReport {
  std::string provider;
  ProviderStatus status = ProviderStatus::kFailed;
  std::uint64_t update_tag = 0;
  std::int64_t started_at = 0;  // unix seconds
  double duration_seconds = 0;
  std::uint64_t nodes_written = 0;
  std::uint64_t relationships_written = 0;
  std::uint64_t nodes_deleted = 0;
  std::uint64_t relationships_deleted = 0;
  bool cleanup_ran = false;
  // Why not ok ("lock sync:Host:host:web1 held by connection 42 (opsdeck@localhost) for 10 s", the load
  // error, "cleanup skipped: provider failed", "cleanup of Process in host:web1 would delete 80 of 100 ...").
  std::string message;
  std::vector<CleanupResult> cleanups;
};

// What a provider is doing right now.
enum class ProviderPhase { kQueued, kLocking, kLoading, kCleaning, kDone };
std::string_view to_string(ProviderPhase phase);  // "queued", "locking", "loading", "cleaning", "done"

struct ProviderProgress {
  ProviderPhase phase = ProviderPhase::kQueued;
  std::uint64_t nodes_written = 0;
  std::uint64_t relationships_written = 0;
  std::uint64_t deleted = 0;
  double elapsed_seconds = 0;
  std::string message;  // the provider's last status line, or "waiting for lock ..."
};

struct ProviderState {
  std::string name;
  std::vector<ResourceScope> resources;  // as declared; empty when the provider could not be built
  std::optional<SyncReport> last_run;    // from this process or the sync_runs table
  std::optional<ProviderProgress> live;  // set while a run includes this provider
};

// One `sync` run: every provider that took part.
struct SyncRunSummary {
  std::uint64_t update_tag = 0;
  std::int64_t started_at = 0;
  std::vector<SyncReport> reports;
};

struct LabelCount {
  std::string label;
  std::uint64_t count = 0;
};

struct NodeSummary {
  std::string label;
  std::string id;
  std::string scope;
  std::uint64_t lastupdated = 0;
};

// A relationship as seen from one node: `other_*` is the node at the far end.
struct RelationshipView {
  std::string type;
  bool outgoing = true;  // true: this node -> other; false: other -> this node
  std::string other_label;
  std::string other_id;
  std::string scope;
  nlohmann::json properties = nlohmann::json::object();
  std::uint64_t firstseen = 0;
  std::uint64_t lastupdated = 0;
};

struct NodeDetail {
  std::string label;
  std::string id;
  std::string scope;
  nlohmann::json properties = nlohmann::json::object();
  std::uint64_t firstseen = 0;
  std::uint64_t lastupdated = 0;
  std::vector<RelationshipView> outgoing;
  std::vector<RelationshipView> incoming;
};

// The graph browser's state, filled by SyncEngine::browse_labels / browse_label / browse_node.
struct GraphBrowse {
  std::vector<LabelCount> labels;
  std::string label;               // the selected label; empty = none
  std::vector<NodeSummary> nodes;  // its nodes (first page, by id)
  std::optional<NodeDetail> node;  // the opened node
  std::string error;               // the last query's failure, shown in the panel
};

struct SyncSnapshot {
  std::vector<ProviderState> providers;  // in configured order
  bool running = false;
  std::uint64_t running_update_tag = 0;
  std::vector<SyncRunSummary> history;  // newest first, at most SyncEngine::kHistoryRuns
  GraphBrowse graph;
  std::string error;  // the graph database could not be reached, or the providers could not be built
  bool loaded = false;
};

}  // namespace opsdeck::sync
