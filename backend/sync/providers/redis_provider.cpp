#include "backend/sync/providers/redis_provider.hpp"

#include <charconv>
#include <map>

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
  for (const auto& target : targets_) {
    if (context.job.cancelled()) {
      return core::fail(core::ErrorCategory::kCancelled, "redis provider cancelled");
    }
    context.job.message("reading " + target.options.describe());
    OPSDECK_TRY(load_server(target, context));
    context.job.advance(1);
  }
  return {};
}

core::Status RedisProvider::load_server(const RedisTarget& target, ProviderContext& context) {
  auto client = store::RedisClient::connect(target.options);
  if (!client.ok()) {
    return core::Unexpected{client.error()};
  }
  const std::string scope = "redis:" + target.name;
  const std::string server_id = "redis:" + target.name;
  auto info = (*client)->info();
  if (!info.ok()) {
    return core::Unexpected{info.error()};
  }
  std::map<std::string, std::string> values(info->begin(), info->end());
  auto value = [&](const std::string& key) {
    auto found = values.find(key);
    return found == values.end() ? std::string() : found->second;
  };
  nlohmann::json properties = {{"endpoint", target.options.describe()},
                               {"version", value("redis_version")},
                               {"mode", value("redis_mode")},
                               {"role", value("role")},
                               {"uptime_seconds", number_or_text(value("uptime_in_seconds"))},
                               {"used_memory", number_or_text(value("used_memory"))},
                               {"connected_clients", number_or_text(value("connected_clients"))}};
  nlohmann::json config = nlohmann::json::object();
  for (const char* key : kConfigKeys) {
    auto reply = (*client)->command({"CONFIG", "GET", key});
    // CONFIG may be renamed or forbidden (ACL); the inventory then goes on without it.
    if (reply.ok() && !reply->is_error() && reply->items.size() >= 2) {
      config[key] = reply->items[1].text;
    }
  }
  properties["config"] = std::move(config);
  OPSDECK_TRY(context.sink.add_node(GraphNode{"RedisServer", server_id, scope, std::move(properties)}));

  for (const auto& [key, text] : values) {
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
    OPSDECK_TRY(context.sink.add_relationship(
        GraphRelationship{"REPLICATES_FROM",
                          "RedisServer",
                          server_id,
                          "RedisServer",
                          "redis:" + value("master_host") + ":" + value("master_port"),
                          scope,
                          {{"link_status", value("master_link_status")}}}));
  }
  for (const auto& [key, text] : values) {
    if (key.starts_with("slave") && key.find_first_not_of("0123456789", 5) == std::string::npos &&
        key.size() > 5) {
      auto fields = parse_redis_info_fields(text);
      if (fields.contains("ip") && fields.contains("port")) {
        OPSDECK_TRY(context.sink.add_relationship(GraphRelationship{
            "REPLICATES_FROM",
            "RedisServer",
            "redis:" + fields["ip"].get<std::string>() + ":" + fields["port"].dump(),
            "RedisServer",
            server_id,
            scope,
            {{"state", fields.value("state", "")}, {"offset", fields.value("offset", 0)}}}));
      }
    }
  }
  return {};
}

}  // namespace opsdeck::sync
