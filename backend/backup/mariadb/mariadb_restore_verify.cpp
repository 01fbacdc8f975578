// The check after a restore: COUNT(*) and CHECKSUM TABLE of every restored table against the values the dump
// recorded. Each is a full scan, so the scans are spread over a few connections (one per CPU, at most four):
// a table's count and checksum, and different tables, are read at the same time.
#include "backend/backup/mariadb/mariadb_restore.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "backend/backup/mariadb/mariadb_raw_session.hpp"
#include "backend/backup/mariadb/mariadb_table_layout.hpp"

namespace opsdeck::backup {
namespace {

struct TableScans {
  const DumpedObject* table = nullptr;
  std::string quoted;
  std::optional<std::uint64_t> rows;
  std::optional<std::string> checksum;  // the server's text; "NULL" when it returned NULL
};

// Task 2i counts table i, task 2i+1 checksums it.
core::Status run_scan(MariadbRawSession& session, TableScans& scans, bool checksum) {
  if (!checksum) {
    auto count = session.query("SELECT COUNT(*) FROM " + scans.quoted);
    OPSDECK_TRY(count);
    scans.rows = std::stoull(count->at(0).at(0).value_or("0"));
    return {};
  }
  auto result = session.query("CHECKSUM TABLE " + scans.quoted);
  OPSDECK_TRY(result);
  scans.checksum = result->at(0).at(1).value_or("NULL");
  return {};
}

}  // namespace

core::Result<std::vector<std::string>> compare_with_dump(const store::MariadbOptions& options,
                                                         const std::string& database,
                                                         const std::vector<DumpedObject>& expected) {
  auto quoted_database = quoted_identifier(database);
  OPSDECK_TRY(quoted_database);
  std::vector<TableScans> tables;
  for (const auto& object : expected) {
    if (object.kind == "table") {
      auto quoted = quoted_identifier(object.name);
      OPSDECK_TRY(quoted);
      tables.push_back({&object, *quoted, std::nullopt, std::nullopt});
    }
  }
  const std::size_t tasks = tables.size() * 2;
  const std::size_t connections =
      std::min<std::size_t>(tasks, std::clamp(std::thread::hardware_concurrency(), 1U, 4U));
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::optional<core::Error> failure;
  // `required`: the calling thread's connection; the others only help, so a server refusing them (at
  // max_connections, say) makes the check slower, not failed.
  auto work = [&](bool required) {
    auto record = [&](const core::Error& error) {
      std::lock_guard lock(mutex);
      if (!failure) {
        failure = error;
      }
      next = tasks;  // the others stop after their current scan
    };
    auto session = MariadbRawSession::open(options);
    if (!session.ok()) {
      if (required) {
        record(session.error());
      }
      return;
    }
    if (auto used = (*session)->run("USE " + *quoted_database); !used.ok()) {
      record(used.error());
      return;
    }
    for (std::size_t task = next++; task < tasks; task = next++) {
      if (auto status = run_scan(**session, tables[task / 2], task % 2 == 1); !status.ok()) {
        record(status.error());
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t index = 1; index < connections; ++index) {
    threads.emplace_back(work, false);
  }
  if (connections > 0) {
    work(true);
  }
  for (auto& thread : threads) {
    thread.join();
  }
  if (failure) {
    return core::Unexpected{*failure};
  }
  std::vector<std::string> differences;
  for (const auto& scans : tables) {
    const DumpedObject& table = *scans.table;
    if (scans.rows != table.rows) {
      differences.push_back("table " + table.name + " has " + std::to_string(scans.rows.value_or(0)) +
                            " rows, the dump had " + std::to_string(table.rows));
    } else if (table.checksum && scans.checksum != std::to_string(*table.checksum)) {
      differences.push_back("table " + table.name + " has CHECKSUM " + scans.checksum.value_or("NULL") +
                            ", the dump had " + std::to_string(*table.checksum));
    }
  }
  return differences;
}

}  // namespace opsdeck::backup
