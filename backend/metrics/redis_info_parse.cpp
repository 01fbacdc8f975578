// INFO values are text; a value that does not parse reads as 0 and costs one number, never the poll.
#include "backend/metrics/redis_info_parse.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string_view>

namespace opsdeck::metrics {
namespace {

std::int64_t to_int(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() ? value : 0;
}

// "keys=1,expires=0,avg_ttl=0" -> {"keys": "1", ...}
std::map<std::string, std::string, std::less<>> fields(std::string_view text) {
  std::map<std::string, std::string, std::less<>> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto part = text.substr(0, comma);
    auto equals = part.find('=');
    if (equals != std::string_view::npos) {
      out.emplace(std::string(part.substr(0, equals)), std::string(part.substr(equals + 1)));
    }
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

std::string field(const std::map<std::string, std::string, std::less<>>& map, std::string_view key) {
  auto found = map.find(key);
  return found == map.end() ? std::string() : found->second;
}

double per_second(std::int64_t delta, double seconds) {
  return seconds > 0 ? static_cast<double>(std::max<std::int64_t>(0, delta)) / seconds : 0.0;
}

}  // namespace

RedisInfoSample parse_redis_info_sample(const std::vector<std::pair<std::string, std::string>>& info) {
  RedisInfoSample sample;
  std::map<std::string, std::string, std::less<>> values;
  std::vector<std::map<std::string, std::string, std::less<>>> replicas;
  for (const auto& [key, value] : info) {
    if (key.size() > 2 && key.rfind("db", 0) == 0 &&
        std::all_of(key.begin() + 2, key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      auto parts = fields(value);
      sample.keyspaces.push_back({static_cast<int>(to_int(std::string_view(key).substr(2))),
                                  to_int(field(parts, "keys")), to_int(field(parts, "expires"))});
    } else if (key.size() > 5 && key.rfind("slave", 0) == 0 &&
               key.find_first_not_of("0123456789", 5) == std::string::npos) {
      replicas.push_back(fields(value));
    } else {
      values.insert_or_assign(key, value);
    }
  }
  auto get = [&](std::string_view key) { return field(values, key); };
  sample.version = get("redis_version");
  sample.uptime_seconds = to_int(get("uptime_in_seconds"));
  sample.total_commands = to_int(get("total_commands_processed"));
  sample.instantaneous_ops = to_int(get("instantaneous_ops_per_sec"));
  sample.used_memory = to_int(get("used_memory"));
  sample.connected_clients = to_int(get("connected_clients"));
  sample.keyspace_hits = to_int(get("keyspace_hits"));
  sample.keyspace_misses = to_int(get("keyspace_misses"));

  ReplicationState& replication = sample.replication;
  std::string role = get("role");
  if (role == "master") {
    replication.role = "primary";
    replication.replicas_connected = to_int(get("connected_slaves"));
    std::int64_t offset = to_int(get("master_repl_offset"));
    for (const auto& replica : replicas) {
      ReplicaLink link;
      link.address = field(replica, "ip") + ":" + field(replica, "port");
      link.state = field(replica, "state");
      link.offset_lag_bytes = std::max<std::int64_t>(0, offset - to_int(field(replica, "offset")));
      link.lag_seconds = to_int(field(replica, "lag"));
      replication.replicas.push_back(std::move(link));
    }
  } else if (role == "slave") {
    replication.role = "replica";
    replication.source = get("master_host") + ":" + get("master_port");
    replication.link_state = get("master_link_status");
    replication.io_running = replication.link_state == "up";
    replication.sql_running = replication.io_running;
    // -1 while the link is down: then there is no lag to show, only how long it has been down.
    std::int64_t last_io = to_int(get("master_last_io_seconds_ago"));
    if (replication.io_running && last_io >= 0) {
      replication.lag_seconds = last_io;
    }
    if (!replication.io_running) {
      std::int64_t down_for = to_int(get("master_link_down_since_seconds"));
      replication.error = "link to " + replication.source + " down" +
                          (down_for >= 0 && !get("master_link_down_since_seconds").empty()
                               ? " for " + std::to_string(down_for) + " s"
                               : "");
    }
    if (get("master_sync_in_progress") == "1") {
      replication.link_state += " (sync in progress)";
    }
  }
  return sample;
}

RedisStatus redis_status_from(const RedisInfoSample& current, const RedisInfoSample* previous, double seconds,
                              std::int64_t own_commands) {
  RedisStatus status;
  status.commands_total = current.total_commands;
  status.instantaneous_ops_per_second = current.instantaneous_ops;
  status.used_memory_bytes = current.used_memory;
  status.connected_clients = current.connected_clients;
  status.keyspaces = current.keyspaces;
  bool restarted = previous != nullptr && (current.uptime_seconds < previous->uptime_seconds ||
                                           current.total_commands < previous->total_commands);
  if (previous == nullptr || restarted || seconds <= 0) {
    return status;
  }
  status.rates_valid = true;
  status.commands_in_interval =
      std::max<std::int64_t>(0, current.total_commands - previous->total_commands - own_commands);
  status.operations_per_second = per_second(status.commands_in_interval, seconds);
  std::int64_t hits = current.keyspace_hits - previous->keyspace_hits;
  std::int64_t misses = current.keyspace_misses - previous->keyspace_misses;
  if (hits >= 0 && misses >= 0 && hits + misses > 0) {
    status.keyspace_hit_ratio = static_cast<double>(hits) / static_cast<double>(hits + misses);
  }
  return status;
}

}  // namespace opsdeck::metrics
