// What the console knows about each data server it watches: published by ServerPoller as one snapshot.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/metrics/history_ring.hpp"

namespace opsdeck::metrics {

enum class ServerKind { kMariadb, kRedis };
std::string_view to_string(ServerKind kind);

// How a series' values read: a count per second, bytes per second, a plain count, bytes, 0..1, seconds.
enum class SeriesUnit { kPerSecond, kBytesPerSecond, kCount, kBytes, kRatio, kSeconds };

// One key rate with its recent history (newest last); the card draws it as a sparkline.
struct MetricSeries {
  std::string label;  // "queries/s", "ops/s", "memory"
  SeriesUnit unit = SeriesUnit::kPerSecond;
  HistoryRing history;
};

// Rates from SHOW GLOBAL STATUS deltas between two polls (the poller's own statements left out).
struct MariadbStatus {
  std::int64_t questions_total = 0;      // Questions at the last poll
  std::int64_t queries_in_interval = 0;  // Questions between the last two polls, without the poller's own
  double queries_per_second = 0;
  std::int64_t threads_connected = 0;
  std::int64_t threads_running = 0;
  double slow_queries_per_second = 0;
  double bytes_received_per_second = 0;
  double bytes_sent_per_second = 0;
  std::optional<double> buffer_pool_hit_ratio;  // none when nothing was read in the interval
  double rows_read_per_second = 0;
  double rows_inserted_per_second = 0;
  double rows_updated_per_second = 0;
  double rows_deleted_per_second = 0;
  bool rates_valid = false;  // false on the first poll after a (re)connect or a server restart
};

// Rates and state from INFO.
struct RedisStatus {
  std::int64_t commands_total = 0;                // total_commands_processed at the last poll
  std::int64_t commands_in_interval = 0;          // between the last two polls, without the poller's own INFO
  double operations_per_second = 0;               // from that delta
  std::int64_t instantaneous_ops_per_second = 0;  // Redis' own estimate
  std::int64_t used_memory_bytes = 0;
  std::int64_t connected_clients = 0;
  std::optional<double> keyspace_hit_ratio;  // none when no key was looked up in the interval
  struct Keyspace {
    int db = 0;
    std::int64_t keys = 0;
    std::int64_t expires = 0;
  };
  std::vector<Keyspace> keyspaces;
  bool rates_valid = false;
};

// A replica as its primary sees it (Redis INFO slaveN lines).
struct ReplicaLink {
  std::string address;  // "127.0.0.1:6380"
  std::string state;    // "online", "wait_bgsave"
  std::int64_t offset_lag_bytes = 0;
  std::int64_t lag_seconds = 0;
};

// One replication connection of a MariaDB replica (multi-source: one per connection name).
struct ReplicationChannel {
  std::string connection_name;  // "" for the default connection
  std::string source;           // "host:port"
  std::string link_state;       // Slave_IO_State
  bool io_running = false;
  bool sql_running = false;
  std::optional<std::int64_t> lag_seconds;
  std::string error;  // Last_IO_Error, else Last_SQL_Error
};

struct ReplicationState {
  std::string role;  // "primary", "replica"; empty when not known (e.g. no privilege)
  // As a replica:
  std::string source;      // the primary it replicates from, "host:port"
  std::string link_state;  // MariaDB Slave_IO_State / Redis master_link_status
  bool io_running = false;
  bool sql_running = false;                 // MariaDB only; Redis: same as io_running
  std::optional<std::int64_t> lag_seconds;  // Seconds_Behind_Master / master_last_io_seconds_ago
  std::string error;                        // Last_IO_Error / Last_SQL_Error, or why it could not be read
  // MariaDB SHOW ALL REPLICAS STATUS: every connection, in the server's order. With several, the fields
  // above sum them up: running only when all run, the largest lag, the first error named by connection.
  std::vector<ReplicationChannel> channels;
  // As a primary:
  std::int64_t replicas_connected = 0;
  std::vector<ReplicaLink> replicas;  // Redis only
};

// One row of information_schema.PROCESSLIST.
struct ProcessEntry {
  std::int64_t id = 0;
  std::string user;
  std::string host;
  std::string database;
  std::string command;  // "Query", "Sleep", "Binlog Dump"
  double seconds = 0;   // TIME_MS / 1000
  std::string state;
  std::string info;  // the statement, truncated
};

struct ServerState {
  std::string name;  // "mariadb", "redis", a replica's configured name
  ServerKind kind = ServerKind::kMariadb;
  std::string endpoint;   // "socket /path" or "host:port"; never credentials
  std::string role_hint;  // "primary", "replica": how it is configured (mariadb.replicas)
  bool from_local_stack = false;
  bool checked = false;  // false until the first poll finished
  bool up = false;
  std::string version;
  std::int64_t uptime_seconds = 0;
  std::int64_t connections = 0;      // Threads_connected / connected_clients
  double operations_per_second = 0;  // queries/s or Redis ops/s
  std::string error;                 // why it is down
  std::chrono::system_clock::time_point checked_at{};
  std::chrono::milliseconds retry_in{0};  // while down: when the next attempt is
  std::uint64_t polls = 0;                // polls finished (up or down)

  std::optional<MariadbStatus> mariadb;  // kMariadb, once up
  std::optional<RedisStatus> redis;      // kRedis, once up
  ReplicationState replication;
  std::vector<ProcessEntry> processes;  // kMariadb: longest-running first, not the poller's own
  std::vector<MetricSeries> series;     // key rates with history, in display order
};

struct ServersSnapshot {
  std::vector<ServerState> servers;
};

}  // namespace opsdeck::metrics
