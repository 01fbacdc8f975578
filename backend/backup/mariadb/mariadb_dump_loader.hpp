// Runs a dump file against a session's current database: statements are parsed from the stream and sent in
// multi-statement batches (one round trip per few megabytes instead of one per statement), the way a restore
// gets ahead of `mariadb < dump.sql`.
#pragma once

#include <cstdint>
#include <filesystem>

#include "backend/backup/mariadb/mariadb_raw_session.hpp"
#include "backend/core/job_runner.hpp"

namespace opsdeck::backup {

struct LoadStatistics {
  std::uint64_t statements = 0;
  std::uint64_t bytes = 0;
};

struct LoadOptions {
  std::size_t batch_bytes = 8U << 20U;  // capped at half the server's max_allowed_packet
  bool require_complete_marker = true;  // refuse dumps that were cut short (no kDumpCompleteMarker)
};

// Fails with the line of the failing statement. `job` (may be null) gets progress in bytes and is polled
// for cancellation between batches.
core::Result<LoadStatistics> load_dump_file(MariadbRawSession& session, const std::filesystem::path& file,
                                            const LoadOptions& options, core::JobContext* job);

}  // namespace opsdeck::backup
