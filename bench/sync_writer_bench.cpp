// The sync engine's writer against a private mariadbd (the local stack's code, in a temporary state dir),
// side by side with the two obvious alternatives, on the same synthetic graph:
//   BM_SyncWriter     opsdeck's GraphWriter (batched multi-row INSERT ... ON DUPLICATE KEY UPDATE), then a
//                     second sync with 10% of the nodes changed and 10% gone, and the engine's batched
//                     cleanup (cleanup_plan_s, cleanup_rels_s, cleanup_nodes_s); BM_SyncWriter/1 runs the
//                     cleanup as it was before (bench/sync_cleanup_before.hpp) on the same data
//   BM_NaiveUpsert    one prepared single-row INSERT ... ON DUPLICATE KEY UPDATE per row
//   BM_LoadDataInfile LOAD DATA LOCAL INFILE of the same rows from TSV files (the practical limit)
// Each loads into fresh copies of the graph tables in its own database. Sizes:
// OPSDECK_SYNC_BENCH_NODES (default 1,000,000; two relationships per node) and OPSDECK_SYNC_BENCH_NAIVE_NODES
// (default 50,000: row at a time is slow, so it gets a slice and its rate is compared).
// OPSDECK_SYNC_BENCH_BUFFER_POOL_MB (default 1024): the stack runs with 32 MB; the bench raises it with SET
// GLOBAL so that the comparison is about the write path, not about a tiny cache.
#include <benchmark/benchmark.h>
#include <mariadb/mysql.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "backend/stack/stack_engine.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/sync/graph_cleanup.hpp"
#include "backend/sync/graph_schema.hpp"
#include "backend/sync/graph_writer.hpp"
#include "backend/sync/sync_engine.hpp"
#include "bench/sync_cleanup_before.hpp"

namespace {

using namespace opsdeck;
using Clock = std::chrono::steady_clock;

std::size_t size_from_environment(const char* name, std::size_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && std::atol(value) > 0 ? static_cast<std::size_t>(std::atol(value)) : fallback;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// One private mariadbd for the whole run, stopped and removed at exit.
class BenchServer {
 public:
  static BenchServer& get() {
    static BenchServer server;
    return server;
  }
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  store::MariadbOptions options(const std::string& database) const {
    auto options = engine_->mariadb_options();
    options.database = database;
    options.read_timeout = std::chrono::seconds(600);
    return options;
  }
  // A fresh database holding empty graph tables.
  std::unique_ptr<store::MariadbConnection> fresh_database(const std::string& database) {
    auto admin = store::MariadbConnection::connect(options(""));
    if (!admin.ok()) {
      return nullptr;
    }
    (void)(*admin)->execute_plain("DROP DATABASE IF EXISTS " + database);
    (void)(*admin)->execute_plain("CREATE DATABASE " + database);
    auto connection = store::MariadbConnection::connect(options(database));
    if (!connection.ok() || !store::apply_schema_steps(**connection, {sync::graph_schema()}).ok()) {
      return nullptr;
    }
    return std::move(*connection);
  }
  ~BenchServer() {
    if (engine_) {
      (void)engine_->down();
    }
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

 private:
  BenchServer() {
    std::string pattern = (std::filesystem::temp_directory_path() / "opsdeck-syncb-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      error_ = "mkdtemp failed";
      return;
    }
    directory_ = pattern;
    stack::StackSettings settings;
    settings.state_dir = directory_;
    engine_ = std::make_unique<stack::StackEngine>(settings);
    auto up = engine_->up();
    if (!up.ok()) {
      error_ = up.error().describe();
      return;
    }
    auto admin = store::MariadbConnection::connect(options(""));
    if (!admin.ok()) {
      error_ = admin.error().describe();
      return;
    }
    const auto pool_mb = size_from_environment("OPSDECK_SYNC_BENCH_BUFFER_POOL_MB", 1024);
    (void)(*admin)->execute_plain("SET GLOBAL innodb_buffer_pool_size = " + std::to_string(pool_mb << 20));
    (void)(*admin)->execute_plain("SET GLOBAL innodb_log_file_size = " + std::to_string(512 << 20));
    ok_ = true;
  }
  std::filesystem::path directory_;
  std::unique_ptr<stack::StackEngine> engine_;
  bool ok_ = false;
  std::string error_;
};

// The synthetic graph: node i is Item "item/<i>"; relationships i -NEXT-> i+1 and i -LINKS-> 7i+3 (mod n).
// In the second generation every tenth node (i % 10 == 0) is gone, with the relationships that touch it,
// and every tenth (i % 10 == 1) has changed properties.
constexpr const char* kScope = "bench";

sync::GraphNode item(std::size_t i, int generation) {
  nlohmann::json properties = {{"n", i}, {"name", "item-" + std::to_string(i)}, {"group", i % 100}};
  if (generation == 2 && i % 10 == 1) {
    properties["changed"] = true;
  }
  return sync::GraphNode{"Item", "item/" + std::to_string(i), kScope, std::move(properties)};
}

bool present(std::size_t i, int generation) {
  return generation == 1 || i % 10 != 0;
}

template <typename F>
void for_each_relationship(std::size_t nodes, int generation, F&& f) {
  for (std::size_t i = 0; i < nodes; ++i) {
    for (std::size_t to : {(i + 1) % nodes, (i * 7 + 3) % nodes}) {
      if (present(i, generation) && present(to, generation)) {
        f(sync::GraphRelationship{to == (i + 1) % nodes ? "NEXT" : "LINKS",
                                  "Item",
                                  "item/" + std::to_string(i),
                                  "Item",
                                  "item/" + std::to_string(to),
                                  kScope,
                                  {{"w", i % 7}}});
      }
    }
  }
}

struct LoadTimes {
  double nodes_seconds = 0;
  double relationships_seconds = 0;
  std::size_t nodes = 0;
  std::size_t relationships = 0;
  bool ok = true;
};

LoadTimes write_generation(store::MariadbConnection& connection, std::size_t nodes, int generation,
                           std::uint64_t tag) {
  LoadTimes times;
  sync::GraphWriter writer(connection, tag);
  auto start = Clock::now();
  for (std::size_t i = 0; i < nodes && times.ok; ++i) {
    if (present(i, generation)) {
      times.ok = writer.add_node(item(i, generation)).ok();
      ++times.nodes;
    }
  }
  times.ok = times.ok && writer.flush().ok();
  times.nodes_seconds = seconds_since(start);
  start = Clock::now();
  for_each_relationship(nodes, generation, [&](const sync::GraphRelationship& relationship) {
    if (times.ok) {
      times.ok = writer.add_relationship(relationship).ok();
      ++times.relationships;
    }
  });
  times.ok = times.ok && writer.flush().ok();
  times.relationships_seconds = seconds_since(start);
  return times;
}

void BM_SyncWriter(benchmark::State& state) {
  auto& server = BenchServer::get();
  if (!server.ok()) {
    state.SkipWithError(server.error().c_str());
    return;
  }
  const std::size_t nodes = size_from_environment("OPSDECK_SYNC_BENCH_NODES", 1'000'000);
  for (auto _ : state) {
    auto connection = server.fresh_database("bench_writer");
    if (!connection) {
      state.SkipWithError("cannot create bench_writer");
      return;
    }
    const auto first = write_generation(*connection, nodes, 1, 1);
    const auto second = write_generation(*connection, nodes, 2, 2);
    const std::vector<sync::ResourceScope> resources = {
        {sync::ResourceScope::Kind::kNode, "Item", kScope},
        {sync::ResourceScope::Kind::kRelationship, "NEXT", kScope},
        {sync::ResourceScope::Kind::kRelationship, "LINKS", kScope}};
    auto start = Clock::now();
    // Arg 1: the cleanup as it was before (bench/sync_cleanup_before.hpp), on the same data.
    const bool before = state.range(0) == 1;
    auto plan = before ? sync::before::plan_cleanup(*connection, resources, 2, 0.5, false)
                       : sync::plan_cleanup(*connection, resources, 2, 0.5, false);
    const double plan_seconds = seconds_since(start);
    if (!first.ok || !second.ok || !plan.ok()) {
      state.SkipWithError("sync writer failed");
      return;
    }
    // run_cleanup takes the plan's resources in order (relationships, then nodes); run as two plans, so the
    // time of each part is known.
    sync::CleanupPlan relationships_plan;
    sync::CleanupPlan nodes_plan;
    for (const auto& resource : plan->resources) {
      (resource.resource.kind == sync::ResourceScope::Kind::kNode ? nodes_plan : relationships_plan)
          .resources.push_back(resource);
    }
    const auto relationships_start = Clock::now();
    auto run = [&](sync::CleanupPlan& part) {
      return (before ? sync::before::run_cleanup(*connection, part, 2, sync::kDefaultCleanupBatch, {}, {})
                     : sync::run_cleanup(*connection, part, 2, sync::kDefaultCleanupBatch, {}))
          .ok();
    };
    bool cleaned = run(relationships_plan);
    const double relationships_seconds = seconds_since(relationships_start);
    const auto nodes_start = Clock::now();
    cleaned = cleaned && run(nodes_plan);
    const double nodes_seconds = seconds_since(nodes_start);
    if (!cleaned) {
      state.SkipWithError("sync cleanup failed");
      return;
    }
    plan->resources = relationships_plan.resources;
    plan->resources.insert(plan->resources.end(), nodes_plan.resources.begin(), nodes_plan.resources.end());
    const double cleanup_seconds = seconds_since(start);
    state.SetIterationTime(first.nodes_seconds + first.relationships_seconds);
    state.counters["load_nodes_per_s"] = static_cast<double>(first.nodes) / first.nodes_seconds;
    state.counters["load_rels_per_s"] =
        static_cast<double>(first.relationships) / first.relationships_seconds;
    state.counters["load_rows_per_s"] = static_cast<double>(first.nodes + first.relationships) /
                                        (first.nodes_seconds + first.relationships_seconds);
    state.counters["resync_rows_per_s"] = static_cast<double>(second.nodes + second.relationships) /
                                          (second.nodes_seconds + second.relationships_seconds);
    state.counters["stale_nodes"] = static_cast<double>(plan->resources[2].deleted);
    state.counters["stale_rels"] = static_cast<double>(
        plan->resources[0].deleted + plan->resources[1].deleted + plan->resources[2].attached_deleted);
    state.counters["cleanup_s"] = cleanup_seconds;
    state.counters["cleanup_plan_s"] = plan_seconds;
    state.counters["cleanup_rels_s"] = relationships_seconds;
    state.counters["cleanup_nodes_s"] = nodes_seconds;
  }
}
BENCHMARK(BM_SyncWriter)->Arg(0)->Arg(1)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

void BM_NaiveUpsert(benchmark::State& state) {
  auto& server = BenchServer::get();
  if (!server.ok()) {
    state.SkipWithError(server.error().c_str());
    return;
  }
  const std::size_t nodes = size_from_environment("OPSDECK_SYNC_BENCH_NAIVE_NODES", 50'000);
  for (auto _ : state) {
    auto connection = server.fresh_database("bench_naive");
    auto node_statement = connection ? connection->prepare(sync::GraphWriter::node_upsert_sql(1))
                                     : core::Result<std::unique_ptr<store::Statement>>(
                                           core::fail(core::ErrorCategory::kInternal, "no database"));
    auto relationship_statement = connection->prepare(sync::GraphWriter::relationship_upsert_sql(1));
    if (!node_statement.ok() || !relationship_statement.ok()) {
      state.SkipWithError("cannot prepare");
      return;
    }
    const std::uint64_t tag = 1;
    bool ok = true;
    auto start = Clock::now();
    for (std::size_t i = 0; i < nodes && ok; ++i) {
      auto node = item(i, 1);
      ok = (*node_statement)
               ->execute({node.label, node.id, node.scope, node.properties.dump(), tag, tag})
               .ok();
    }
    const double nodes_seconds = seconds_since(start);
    std::size_t relationships = 0;
    start = Clock::now();
    for_each_relationship(nodes, 1, [&](const sync::GraphRelationship& r) {
      ok = ok && (*relationship_statement)
                     ->execute({r.type, r.from_label, r.from_id, r.to_label, r.to_id, r.scope,
                                r.properties.dump(), tag, tag})
                     .ok();
      ++relationships;
    });
    const double relationships_seconds = seconds_since(start);
    if (!ok) {
      state.SkipWithError("naive upsert failed");
      return;
    }
    state.SetIterationTime(nodes_seconds + relationships_seconds);
    state.counters["load_nodes_per_s"] = static_cast<double>(nodes) / nodes_seconds;
    state.counters["load_rels_per_s"] = static_cast<double>(relationships) / relationships_seconds;
    state.counters["load_rows_per_s"] =
        static_cast<double>(nodes + relationships) / (nodes_seconds + relationships_seconds);
  }
}
BENCHMARK(BM_NaiveUpsert)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

// LOAD DATA needs the client's local-infile switch, which MariadbConnection does not expose (opsdeck never
// loads files from clients): plain Connector/C here.
bool load_data(const store::MariadbOptions& options, const std::string& file, const std::string& sql_head,
               std::string& error) {
  MYSQL* mysql = mysql_init(nullptr);
  my_bool local_infile = 1;
  mysql_options(mysql, MYSQL_OPT_LOCAL_INFILE, &local_infile);
  bool ok = mysql_real_connect(mysql, nullptr, options.user.c_str(), nullptr, options.database.c_str(), 0,
                               options.socket.c_str(), 0) != nullptr;
  const std::string sql = "LOAD DATA LOCAL INFILE '" + file + "' " + sql_head;
  ok = ok && mysql_real_query(mysql, sql.data(), sql.size()) == 0;
  if (!ok) {
    error = mysql_error(mysql);
  }
  mysql_close(mysql);
  return ok;
}

void BM_LoadDataInfile(benchmark::State& state) {
  auto& server = BenchServer::get();
  if (!server.ok()) {
    state.SkipWithError(server.error().c_str());
    return;
  }
  const std::size_t nodes = size_from_environment("OPSDECK_SYNC_BENCH_NODES", 1'000'000);
  const auto dir = std::filesystem::temp_directory_path();
  const std::string node_file =
      (dir / ("opsdeck-syncb-nodes-" + std::to_string(::getpid()) + ".tsv")).string();
  const std::string rel_file = (dir / ("opsdeck-syncb-rels-" + std::to_string(::getpid()) + ".tsv")).string();
  for (auto _ : state) {
    if (!server.fresh_database("bench_load")) {
      state.SkipWithError("cannot create bench_load");
      return;
    }
    // Files written outside the timed part: LOAD DATA's rate is the database's side only.
    std::size_t relationships = 0;
    {
      std::ofstream out(node_file);
      for (std::size_t i = 0; i < nodes; ++i) {
        auto node = item(i, 1);
        out << node.label << '\t' << node.id << '\t' << node.scope << '\t' << node.properties.dump()
            << "\t1\t1\n";
      }
      std::ofstream rels(rel_file);
      for_each_relationship(nodes, 1, [&](const sync::GraphRelationship& r) {
        rels << r.type << '\t' << r.from_label << '\t' << r.from_id << '\t' << r.to_label << '\t' << r.to_id
             << '\t' << r.scope << '\t' << r.properties.dump() << "\t1\t1\n";
        ++relationships;
      });
    }
    std::string error;
    auto start = Clock::now();
    bool ok =
        load_data(server.options("bench_load"), node_file,
                  "INTO TABLE sync_nodes (label, id, scope, properties, firstseen, lastupdated)", error);
    const double nodes_seconds = seconds_since(start);
    start = Clock::now();
    ok = ok && load_data(server.options("bench_load"), rel_file,
                         "INTO TABLE sync_relationships (type, from_label, from_id, to_label, to_id, scope, "
                         "properties, firstseen, lastupdated)",
                         error);
    const double relationships_seconds = seconds_since(start);
    std::filesystem::remove(node_file);
    std::filesystem::remove(rel_file);
    if (!ok) {
      state.SkipWithError(("LOAD DATA failed: " + error).c_str());
      return;
    }
    state.SetIterationTime(nodes_seconds + relationships_seconds);
    state.counters["load_nodes_per_s"] = static_cast<double>(nodes) / nodes_seconds;
    state.counters["load_rels_per_s"] = static_cast<double>(relationships) / relationships_seconds;
    state.counters["load_rows_per_s"] =
        static_cast<double>(nodes + relationships) / (nodes_seconds + relationships_seconds);
  }
}
BENCHMARK(BM_LoadDataInfile)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace
