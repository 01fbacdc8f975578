// Shared pieces of the sync engine's integration tests: a provider that loads a given list of nodes and
// relationships (optionally failing halfway or waiting on a gate, to hold its locks), a way to run the real
// engine against the fixture's mariadbd, and row counts read straight from the graph tables.
#pragma once

#include <gtest/gtest.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backend/core/job_runner.hpp"
#include "backend/core/logger.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/sync/sync_engine.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck::sync::testing {

// A one-shot gate: the provider signals `entered` and waits until the test opens it.
class Gate {
 public:
  void enter() {
    std::unique_lock lock(mutex_);
    entered_ = true;
    changed_.notify_all();
    changed_.wait_for(lock, std::chrono::seconds(60), [&] { return open_; });
  }
  bool wait_entered() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(60), [&] { return entered_; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool entered_ = false;
  bool open_ = false;
};

class ListProvider final : public Provider {
 public:
  ListProvider(std::string name, std::vector<ResourceScope> resources)
      : name_(std::move(name)), resources_(std::move(resources)) {}
  std::string_view name() const override { return name_; }
  std::vector<ResourceScope> resources() const override { return resources_; }
  core::Status load(ProviderContext& context) override {
    if (gate) {
      gate->enter();
    }
    std::size_t written = 0;
    for (const auto& node : nodes) {
      if (fail_after && written == *fail_after) {
        return core::fail(core::ErrorCategory::kUnavailable,
                          "source went away after " + std::to_string(written));
      }
      OPSDECK_TRY(context.sink.add_node(node));
      ++written;
    }
    for (const auto& relationship : relationships) {
      OPSDECK_TRY(context.sink.add_relationship(relationship));
    }
    return {};
  }

  std::vector<GraphNode> nodes;
  std::vector<GraphRelationship> relationships;
  std::optional<std::size_t> fail_after;
  std::shared_ptr<Gate> gate;

 private:
  std::string name_;
  std::vector<ResourceScope> resources_;
};

inline ResourceScope node_type(std::string label, std::string scope) {
  return ResourceScope{ResourceScope::Kind::kNode, std::move(label), std::move(scope)};
}
inline ResourceScope relationship_type(std::string type, std::string scope) {
  return ResourceScope{ResourceScope::Kind::kRelationship, std::move(type), std::move(scope)};
}

// Runs engine.run() as a job, as the CLI does, and waits for it.
inline core::Result<SyncRunSummary> run_sync(SyncEngine& engine, const SyncOptions& options,
                                             core::Logger& logger) {
  core::JobRunner runner(1, logger);
  std::optional<core::Result<SyncRunSummary>> result;
  auto handle = runner.submit("sync", [&](core::JobContext& job) -> core::Result<std::string> {
    result = engine.run(options, job);
    return std::string("done");
  });
  handle.wait();
  return std::move(*result);
}

inline std::unique_ptr<store::MariadbConnection> connect() {
  auto connection = store::MariadbConnection::connect(opsdeck::testing::mariadb_options());
  EXPECT_TRUE(connection.ok()) << connection.error().describe();
  return connection.ok() ? std::move(*connection) : nullptr;
}

// Ids of a label's nodes in a scope, sorted.
inline std::vector<std::string> node_ids(store::MariadbConnection& connection, const std::string& label,
                                         const std::string& scope) {
  auto result = connection.execute("SELECT id FROM sync_nodes WHERE label = ? AND scope = ? ORDER BY id",
                                   {label, scope});
  EXPECT_TRUE(result.ok()) << result.error().describe();
  std::vector<std::string> ids;
  for (const auto& row : result->rows) {
    ids.push_back(*row.get<std::string>(0));
  }
  return ids;
}

// "from->to" of a relationship type in a scope, sorted.
inline std::vector<std::string> relationship_pairs(store::MariadbConnection& connection,
                                                   const std::string& type, const std::string& scope) {
  auto result = connection.execute(
      "SELECT CONCAT(from_id, '->', to_id) AS pair FROM sync_relationships WHERE type = ? AND scope = ? "
      "ORDER BY pair",
      {type, scope});
  EXPECT_TRUE(result.ok()) << result.error().describe();
  std::vector<std::string> pairs;
  for (const auto& row : result->rows) {
    pairs.push_back(*row.get<std::string>(0));
  }
  return pairs;
}

// A unique scope per test, so tests share the fixture's database without seeing each other's rows.
inline std::string test_scope(const std::string& suffix = "") {
  return std::string("test:") + ::testing::UnitTest::GetInstance()->current_test_info()->name() + suffix;
}

}  // namespace opsdeck::sync::testing
