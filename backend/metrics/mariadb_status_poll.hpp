// MariadbStatusPoll: one MariaDB server's poll over an open connection — SHOW GLOBAL STATUS (rates from the
// delta to the previous poll), SHOW REPLICA STATUS (SHOW SLAVE STATUS before 10.5) and the process list.
// Keeps what the next poll needs (the previous sample, how many statements it ran itself).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "backend/core/result.hpp"
#include "backend/metrics/mariadb_status_parse.hpp"
#include "backend/metrics/server_state.hpp"
#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::metrics {

class MariadbStatusPoll {
 public:
  // Fails only when SHOW GLOBAL STATUS fails (the server is down or refuses us); replication and process
  // list problems are recorded in `state` (replication.error) and the poll still counts as up.
  core::Status poll(store::MariadbConnection& connection, ServerState& state);
  // Forget the previous sample: the next poll has no rates (after the connection was lost).
  void reset();

 private:
  core::Result<store::QueryResult> run(store::MariadbConnection& connection, std::string_view sql);
  void poll_replication(store::MariadbConnection& connection, ServerState& state);
  void poll_processes(store::MariadbConnection& connection, ServerState& state);

  std::optional<MariadbStatusSample> previous_;
  std::chrono::steady_clock::time_point previous_at_{};
  // Every statement we send counts in Questions; those since the last SHOW GLOBAL STATUS are left out of
  // queries/s, so an idle server reads 0, not 3/s.
  std::int64_t statements_since_sample_ = 0;
  std::size_t replica_statement_ = 0;  // the replication statement this server knows (see poll_replication)
};

}  // namespace opsdeck::metrics
