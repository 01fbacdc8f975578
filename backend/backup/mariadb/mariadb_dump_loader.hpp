// Runs a dump file against a session's current database. Statements are parsed from the stream and sent in
// multi-statement batches (one round trip per few megabytes instead of one per statement). The rows go out
// on several connections at once (the server parses each connection's SQL on its own thread, and parsing
// is most of a restore's time), while the calling thread reads, decompresses and splits the next batches;
// schema statements wait for every earlier batch (statement_batches.hpp). This is how a restore gets ahead
// of `mariadb < dump.sql`, which parses, sends and waits one statement at a time on one connection.
#pragma once

#include <cstdint>
#include <filesystem>

#include "backend/backup/mariadb/mariadb_raw_session.hpp"
#include "backend/core/job_runner.hpp"

namespace opsdeck::backup {

struct LoadStatistics {
  std::uint64_t statements = 0;
  std::uint64_t bytes = 0;
  unsigned connections = 1;  // how many connections loaded rows
};

struct LoadOptions {
  std::size_t batch_bytes = 4U << 20U;  // capped at half the server's max_allowed_packet
  bool require_complete_marker = true;  // refuse dumps that were cut short (no kDumpCompleteMarker)
  // Connections that load rows, the given session included; 0 = one per CPU, at most 4. When the server
  // refuses more connections, the restore goes on with those it has.
  unsigned connections = 0;
};

// Fails with the line of the failing statement. `job` (may be null) gets progress in bytes and is polled
// for cancellation between batches.
core::Result<LoadStatistics> load_dump_file(MariadbRawSession& session, const std::filesystem::path& file,
                                            const LoadOptions& options, core::JobContext* job);

}  // namespace opsdeck::backup
