// Field names follow the server's own vocabulary where there is one (queries = Questions, ops = commands).
#include "backend/metrics/server_state_json.hpp"

namespace opsdeck::metrics {
namespace {

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json replication_json(const ReplicationState& replication) {
  nlohmann::json out = {
      {"role", replication.role.empty() ? nlohmann::json(nullptr) : nlohmann::json(replication.role)},
      {"error", replication.error}};
  if (replication.role == "replica") {
    out["source"] = replication.source;
    out["link_state"] = replication.link_state;
    out["io_running"] = replication.io_running;
    out["sql_running"] = replication.sql_running;
    out["lag_seconds"] = optional_json(replication.lag_seconds);
    nlohmann::json channels = nlohmann::json::array();
    for (const auto& channel : replication.channels) {
      channels.push_back({{"connection_name", channel.connection_name},
                          {"source", channel.source},
                          {"link_state", channel.link_state},
                          {"io_running", channel.io_running},
                          {"sql_running", channel.sql_running},
                          {"lag_seconds", optional_json(channel.lag_seconds)},
                          {"error", channel.error}});
    }
    out["channels"] = channels;
  } else {
    out["replicas_connected"] = replication.replicas_connected;
    nlohmann::json replicas = nlohmann::json::array();
    for (const auto& link : replication.replicas) {
      replicas.push_back({{"address", link.address},
                          {"state", link.state},
                          {"offset_lag_bytes", link.offset_lag_bytes},
                          {"lag_seconds", link.lag_seconds}});
    }
    out["replicas"] = replicas;
  }
  return out;
}

}  // namespace

nlohmann::json server_state_to_json(const ServerState& state) {
  nlohmann::json out = {{"name", state.name},
                        {"kind", std::string(to_string(state.kind))},
                        {"endpoint", state.endpoint},
                        {"local_stack", state.from_local_stack},
                        {"up", state.up},
                        {"error", state.error}};
  if (!state.up) {
    out["retry_in_ms"] = state.retry_in.count();
    return out;
  }
  out["version"] = state.version;
  out["uptime_seconds"] = state.uptime_seconds;
  out["connections"] = state.connections;
  if (state.mariadb) {
    const MariadbStatus& status = *state.mariadb;
    out["rates_valid"] = status.rates_valid;
    out["queries_total"] = status.questions_total;
    out["queries_in_interval"] = status.queries_in_interval;
    out["queries_per_second"] = status.queries_per_second;
    out["threads_connected"] = status.threads_connected;
    out["threads_running"] = status.threads_running;
    out["slow_queries_per_second"] = status.slow_queries_per_second;
    out["bytes_received_per_second"] = status.bytes_received_per_second;
    out["bytes_sent_per_second"] = status.bytes_sent_per_second;
    out["buffer_pool_hit_ratio"] = optional_json(status.buffer_pool_hit_ratio);
    out["rows_per_second"] = {{"read", status.rows_read_per_second},
                              {"inserted", status.rows_inserted_per_second},
                              {"updated", status.rows_updated_per_second},
                              {"deleted", status.rows_deleted_per_second}};
    nlohmann::json processes = nlohmann::json::array();
    for (const auto& process : state.processes) {
      processes.push_back({{"id", process.id},
                           {"user", process.user},
                           {"host", process.host},
                           {"db", process.database},
                           {"command", process.command},
                           {"seconds", process.seconds},
                           {"state", process.state},
                           {"info", process.info}});
    }
    out["processes"] = processes;
  }
  if (state.redis) {
    const RedisStatus& status = *state.redis;
    out["rates_valid"] = status.rates_valid;
    out["commands_total"] = status.commands_total;
    out["commands_in_interval"] = status.commands_in_interval;
    out["ops_per_second"] = status.operations_per_second;
    out["instantaneous_ops_per_second"] = status.instantaneous_ops_per_second;
    out["used_memory_bytes"] = status.used_memory_bytes;
    out["connected_clients"] = status.connected_clients;
    out["keyspace_hit_ratio"] = optional_json(status.keyspace_hit_ratio);
    nlohmann::json keyspaces = nlohmann::json::array();
    for (const auto& keyspace : status.keyspaces) {
      keyspaces.push_back({{"db", keyspace.db}, {"keys", keyspace.keys}, {"expires", keyspace.expires}});
    }
    out["keyspaces"] = keyspaces;
  }
  out["replication"] = replication_json(state.replication);
  return out;
}

}  // namespace opsdeck::metrics
