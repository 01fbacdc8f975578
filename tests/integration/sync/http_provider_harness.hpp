// What the http provider tests share: a sink that records (and refuses what the provider did not declare, as
// the engine's does), a sleeper that records the waits instead of sleeping, and a runner that loads a
// provider as a job and keeps its log lines.
#pragma once

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "backend/core/job_runner.hpp"
#include "backend/core/logger.hpp"
#include "backend/metrics/statsd_emitter.hpp"
#include "backend/sync/provider.hpp"

namespace opsdeck::testing {

class RecordingSink : public sync::GraphSink {
 public:
  explicit RecordingSink(std::vector<sync::ResourceScope> declared) : declared_(std::move(declared)) {}

  core::Status add_node(sync::GraphNode node) override {
    if (!is_declared(sync::ResourceScope::Kind::kNode, node.label, node.scope)) {
      return core::fail(core::ErrorCategory::kInternal,
                        "undeclared node " + node.label + " in " + node.scope);
    }
    nodes.push_back(std::move(node));
    return {};
  }
  core::Status add_relationship(sync::GraphRelationship relationship) override {
    if (!is_declared(sync::ResourceScope::Kind::kRelationship, relationship.type, relationship.scope)) {
      return core::fail(core::ErrorCategory::kInternal, "undeclared relationship " + relationship.type);
    }
    relationships.push_back(std::move(relationship));
    return {};
  }

  // "Label id" per node and "from -TYPE-> to" per relationship, sorted, for whole-set comparisons.
  std::vector<std::string> node_keys() const {
    std::vector<std::string> keys;
    for (const auto& node : nodes) {
      keys.push_back(node.label + " " + node.id);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  std::vector<std::string> relationship_keys() const {
    std::vector<std::string> keys;
    for (const auto& relationship : relationships) {
      keys.push_back(relationship.from_label + ":" + relationship.from_id + " -" + relationship.type + "-> " +
                     relationship.to_label + ":" + relationship.to_id);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  const sync::GraphNode* find_node(const std::string& label, const std::string& id) const {
    for (const auto& node : nodes) {
      if (node.label == label && node.id == id) {
        return &node;
      }
    }
    return nullptr;
  }

  std::vector<sync::GraphNode> nodes;
  std::vector<sync::GraphRelationship> relationships;

 private:
  bool is_declared(sync::ResourceScope::Kind kind, const std::string& name, const std::string& scope) const {
    return std::find(declared_.begin(), declared_.end(), sync::ResourceScope{kind, name, scope}) !=
           declared_.end();
  }
  std::vector<sync::ResourceScope> declared_;
};

// Records each wait and returns at once: tests check the delays asked for without spending them.
struct RecordedWaits {
  std::shared_ptr<std::vector<std::chrono::milliseconds>> delays =
      std::make_shared<std::vector<std::chrono::milliseconds>>();
  std::function<bool(std::chrono::milliseconds)> sleeper() const {
    return [delays = delays](std::chrono::milliseconds delay) {
      delays->push_back(delay);
      return true;
    };
  }
};

struct LoadOutcome {
  core::JobInfo job;
  std::vector<std::string> log_lines;
  bool ok() const { return job.state == core::JobState::kSucceeded; }
};

inline LoadOutcome load_as_job(sync::Provider& provider, sync::GraphSink& sink) {
  core::Logger logger(5000, core::LogLevel::kDebug);
  auto statsd = metrics::StatsdEmitter::disabled();
  LoadOutcome outcome;
  {
    core::JobRunner runner(1, logger);
    auto handle = runner.submit("sync http", [&](core::JobContext& job) -> core::Result<std::string> {
      sync::ProviderContext context{job, sink, 1700000000, *statsd, logger};
      auto status = provider.load(context);
      if (!status) {
        return core::Unexpected{status.error()};
      }
      return std::string("loaded");
    });
    outcome.job = handle.wait();
  }
  for (const auto& line : logger.snapshots().latest()->lines) {
    outcome.log_lines.push_back(line.text);
  }
  return outcome;
}

}  // namespace opsdeck::testing
