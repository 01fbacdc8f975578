#include "backend/sync/providers/redis_provider.hpp"

#include <charconv>
#include <map>

#include "backend/sync/providers/redis_master_match.hpp"

namespace opsdeck::sync {
namespace {

constexpr const char* kNodeLabels[] = {"RedisServer", "RedisKeyspace"};
constexpr const char* kRelationshipTypes[] = {"HAS_KEYSPACE", "REPLICATES_FROM"};
// CONFIG GET values worth seeing in an inventory (not secrets: requirepass and masterauth are left out).
constexpr const char* kConfigKeys[] = {
    "maxmemory", "maxmemory-policy", "appendonly", "save", "databases", "bind", "port", "timeout"};

nlohmann::json number_or_text(std::string_view value) {
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error == std::errc() && end == value.data() + value.size() && !value.empty()) {
    return number;
  }
  return std::string(value);
}

// One server as read before anything is written: its connection (for CONFIG GET) and its INFO.
struct ServerRead {
  std::unique_ptr<store::RedisClient> client;
  std::map<std::string, std::string> info;
  std::string value(const std::string& key) const {
    auto found = info.find(key);
    return found == info.end() ? std::string() : found->second;
  }
};

unsigned port_number(std::string_view text) {
  unsigned port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  return error == std::errc() && end == text.data() + text.size() && port <= 65535 ? port : 0;
}

}  // namespace

nlohmann::json parse_redis_info_fields(std::string_view text) {
  nlohmann::json fields = nlohmann::json::object();
  while (!text.empty()) {
    auto comma = text.find(',');
    auto field = text.substr(0, comma);
    auto equals = field.find('=');
    if (equals != std::string_view::npos) {
      fields[std::string(field.substr(0, equals))] = number_or_text(field.substr(equals + 1));
    }
    if (comma == std::string_view::npos) {
      break;
    }
    text.remove_prefix(comma + 1);
  }
  return fields;
}

RedisProvider::RedisProvider(std::vector<RedisTarget> targets) : targets_(std::move(targets)) {
}

std::vector<ResourceScope> RedisProvider::resources() const {
  std::vector<ResourceScope> resources;
  for (const auto& target : targets_) {
    for (const char* label : kNodeLabels) {
      resources.push_back(ResourceScope{ResourceScope::Kind::kNode, label, "redis:" + target.name});
    }
    for (const char* type : kRelationshipTypes) {
      resources.push_back(ResourceScope{ResourceScope::Kind::kRelationship, type, "redis:" + target.name});
    }
  }
  return resources;
}

core::Status RedisProvider::load(ProviderContext& context) {
  context.job.set_total(static_cast<double>(targets_.size()), "servers");
  // Every server's INFO first: a replica's link names its primary's node when that one is configured too.
  std::vector<ServerRead> reads;
  std::vector<RedisEndpointFacts> facts;
  for (const auto& target : targets_) {
    if (context.job.cancelled()) {
      return core::fail(core::ErrorCategory::kCancelled, "redis provider cancelled");
    }
    context.job.message("reading " + target.options.describe());
    auto client = store::RedisClient::connect(target.options);
    if (!client.ok()) {
      return core::Unexpected{client.error()};
    }
    auto info = (*client)->info();
    if (!info.ok()) {
      return core::Unexpected{info.error()};
    }
    ServerRead read{std::move(*client), {info->begin(), info->end()}};
    facts.push_back(RedisEndpointFacts{target.options, port_number(read.value("tcp_port"))});
    reads.push_back(std::move(read));
  }
  // The configured server replica `index` replicates from, if any.
  auto primary_of = [&](std::size_t index) -> std::optional<std::size_t> {
    const ServerRead& read = reads[index];
    if (read.value("role") != "slave") {
      return std::nullopt;
    }
    return match_redis_address(facts, index, read.value("master_host"),
                               port_number(read.value("master_port")));
  };

  for (std::size_t index = 0; index < targets_.size(); ++index) {
    if (context.job.cancelled()) {
      return core::fail(core::ErrorCategory::kCancelled, "redis provider cancelled");
    }
    const RedisTarget& target = targets_[index];
    ServerRead& read = reads[index];
    const std::string scope = "redis:" + target.name;
    const std::string server_id = "redis:" + target.name;
    auto value = [&](const std::string& key) { return read.value(key); };
    nlohmann::json properties = {{"endpoint", target.options.describe()},
                                 {"version", value("redis_version")},
                                 {"mode", value("redis_mode")},
                                 {"role", value("role")},
                                 {"uptime_seconds", number_or_text(value("uptime_in_seconds"))},
                                 {"used_memory", number_or_text(value("used_memory"))},
                                 {"connected_clients", number_or_text(value("connected_clients"))}};
    nlohmann::json config = nlohmann::json::object();
    for (const char* key : kConfigKeys) {
      auto reply = read.client->command({"CONFIG", "GET", key});
      // CONFIG may be renamed or forbidden (ACL); the inventory then goes on without it.
      if (reply.ok() && !reply->is_error() && reply->items.size() >= 2) {
        config[key] = reply->items[1].text;
      }
    }
    properties["config"] = std::move(config);
    OPSDECK_TRY(context.sink.add_node(GraphNode{"RedisServer", server_id, scope, std::move(properties)}));

    for (const auto& [key, text] : read.info) {
      if (key.size() > 2 && key.starts_with("db") &&
          key.find_first_not_of("0123456789", 2) == std::string::npos) {
        const std::string id = server_id + "/" + key;
        nlohmann::json fields = parse_redis_info_fields(text);
        fields["db"] = std::stoi(key.substr(2));
        OPSDECK_TRY(context.sink.add_node(GraphNode{"RedisKeyspace", id, scope, std::move(fields)}));
        OPSDECK_TRY(context.sink.add_relationship(
            GraphRelationship{"HAS_KEYSPACE", "RedisServer", server_id, "RedisKeyspace", id, scope, {}}));
      }
    }
    if (value("role") == "slave") {
      auto primary = primary_of(index);
      OPSDECK_TRY(context.sink.add_relationship(
          GraphRelationship{"REPLICATES_FROM",
                            "RedisServer",
                            server_id,
                            "RedisServer",
                            primary ? "redis:" + targets_[*primary].name
                                    : "redis:" + value("master_host") + ":" + value("master_port"),
                            scope,
                            {{"link_status", value("master_link_status")}}}));
    }
    for (const auto& [key, text] : read.info) {
      if (key.starts_with("slave") && key.find_first_not_of("0123456789", 5) == std::string::npos &&
          key.size() > 5) {
        auto fields = parse_redis_info_fields(text);
        if (!fields.contains("ip") || !fields.contains("port") || !fields["port"].is_number()) {
          continue;
        }
        const unsigned port = fields["port"].get<unsigned>();
        // A replica without a TCP listener (port 0) cannot be told from another; a configured replica whose
        // own INFO leads back here writes the link in its scope.
        auto replica = match_redis_address(facts, index, fields["ip"].get<std::string>(), port);
        if (port == 0 || (replica && primary_of(*replica) == index)) {
          continue;
        }
        OPSDECK_TRY(context.sink.add_relationship(GraphRelationship{
            "REPLICATES_FROM",
            "RedisServer",
            "redis:" + fields["ip"].get<std::string>() + ":" + std::to_string(port),
            "RedisServer",
            server_id,
            scope,
            {{"state", fields.value("state", "")}, {"offset", fields.value("offset", 0)}}}));
      }
    }
    read.client.reset();
    context.job.advance(1);
  }
  return {};
}

}  // namespace opsdeck::sync
