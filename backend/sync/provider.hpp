// The contract between the sync engine and its providers (host, mariadb, redis, certs, http, ...).
// A provider says up front which resource types it owns in which scope (so the engine can take the locks
// and, after a successful load, clean up exactly those), then streams nodes and relationships into a sink.
// The engine stamps everything with the run's update_tag; providers never touch the database themselves.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/core/job_runner.hpp"
#include "backend/core/logger.hpp"
#include "backend/core/result.hpp"
#include "backend/metrics/statsd_emitter.hpp"

namespace opsdeck::sync {

// A node is identified by (label, id); ids are stable across runs ("host:web1", "mariadb:primary/db/t").
struct GraphNode {
  std::string label;  // "Host", "Process", "MariadbTable", ...
  std::string id;
  std::string scope;  // what was synced: "host:web1", "mariadb:primary"; cleanup never crosses scopes
  nlohmann::json properties = nlohmann::json::object();
};

// A directed relationship between two nodes, identified by (type, from, to).
struct GraphRelationship {
  std::string type;  // "LISTENS_ON", "ISSUED_BY", ...
  std::string from_label;
  std::string from_id;
  std::string to_label;
  std::string to_id;
  std::string scope;
  nlohmann::json properties = nlohmann::json::object();
};

// One resource type in one scope: the unit of locking (GET_LOCK) and of cleanup.
struct ResourceScope {
  enum class Kind { kNode, kRelationship };
  Kind kind = Kind::kNode;
  std::string name;  // the node label or relationship type
  std::string scope;
  bool operator==(const ResourceScope&) const = default;
};

class GraphSink {
 public:
  virtual ~GraphSink() = default;
  virtual core::Status add_node(GraphNode node) = 0;
  virtual core::Status add_relationship(GraphRelationship relationship) = 0;
};

struct ProviderContext {
  core::JobContext& job;  // progress, messages, cancellation (check job.cancelled() between items)
  GraphSink& sink;
  std::uint64_t update_tag = 0;
  metrics::StatsdEmitter& statsd;
  core::Logger& logger;
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string_view name() const = 0;  // "host", "mariadb", ...
  // Everything this provider writes and owns, known before load() (for locks and cleanup). A node or
  // relationship written outside these is refused by the sink.
  virtual std::vector<ResourceScope> resources() const = 0;
  // Loads everything; an error or cancellation means the engine skips cleanup for this provider.
  virtual core::Status load(ProviderContext& context) = 0;
};

}  // namespace opsdeck::sync
