// Socket-free parsing of what the MariaDB poller reads: SHOW GLOBAL STATUS rows into a sample, two samples
// into rates, and SHOW REPLICA STATUS's row into a ReplicationState. Tested with text captured from a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backend/metrics/server_state.hpp"

namespace opsdeck::metrics {

// Variable_name -> Value pairs, as SHOW GLOBAL STATUS returns them; NULL cells as nullopt.
using StatusRows = std::vector<std::pair<std::string, std::optional<std::string>>>;

// The counters and gauges the poller uses from one SHOW GLOBAL STATUS.
struct MariadbStatusSample {
  std::int64_t uptime_seconds = 0;
  std::int64_t questions = 0;
  std::int64_t threads_connected = 0;
  std::int64_t threads_running = 0;
  std::int64_t slow_queries = 0;
  std::int64_t bytes_received = 0;
  std::int64_t bytes_sent = 0;
  std::int64_t buffer_pool_reads = 0;          // reads that missed the buffer pool and went to disk
  std::int64_t buffer_pool_read_requests = 0;  // all logical reads
  // Innodb_rows_* where the server has them; MariaDB 10.6+ dropped those, and then Rows_read and
  // Handler_write/_update/_delete (every engine) stand in.
  std::int64_t rows_read = 0;
  std::int64_t rows_inserted = 0;
  std::int64_t rows_updated = 0;
  std::int64_t rows_deleted = 0;
};

MariadbStatusSample parse_mariadb_status(const StatusRows& rows);

// The status at `current`. With a previous sample `seconds` earlier, the rates over that interval; the
// poller's own statements in the interval (`own_statements`) are not counted as queries. A counter that went
// backwards (server restarted) gives no rates (rates_valid false), as does no previous sample.
MariadbStatus mariadb_status_from(const MariadbStatusSample& current, const MariadbStatusSample* previous,
                                  double seconds, std::int64_t own_statements);

// The one row of SHOW REPLICA STATUS (column -> value); an empty row means "not a replica" (role primary).
// Understands MariaDB's Slave_*/Master_* column names and MySQL 8's Replica_*/Source_* ones.
ReplicationState parse_replica_status(const StatusRows& row);

// Every row of SHOW ALL REPLICAS STATUS (MariaDB 10.5.1+; SHOW ALL SLAVES STATUS before), one per
// connection name: the channels, and the summary in the other fields. No rows means primary.
ReplicationState parse_all_replicas_status(const std::vector<StatusRows>& rows);

}  // namespace opsdeck::metrics
