#include "backend/sync/providers/mariadb_provider.hpp"

#include <map>

#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::sync {
namespace {

constexpr const char* kNodeLabels[] = {"MariadbServer", "MariadbDatabase", "MariadbTable", "MariadbUser"};
constexpr const char* kRelationshipTypes[] = {"HAS_DATABASE", "HAS_TABLE", "HAS_USER", "HAS_GRANT",
                                              "REPLICATES_FROM"};

std::string scope_of(const MariadbTarget& target) {
  return "mariadb:" + target.name;
}

std::string text(const store::Row& row, std::string_view column) {
  auto value = row.get<std::optional<std::string>>(column);
  return value.ok() && value->has_value() ? **value : std::string();
}

std::int64_t integer(const store::Row& row, std::string_view column) {
  auto value = row.get<std::optional<std::int64_t>>(column);
  return value.ok() && value->has_value() ? **value : 0;
}

// "'app'@'%'" -> "app@%" (information_schema's GRANTEE).
std::string grantee_name(std::string grantee) {
  std::string out;
  for (char c : grantee) {
    if (c != '\'') {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string mariadb_server_id(const MariadbTarget& target) {
  return "mariadb:" + target.name;
}

MariadbEndpoint mariadb_endpoint(const MariadbTarget& target) {
  MariadbEndpoint endpoint;
  endpoint.node_id = mariadb_server_id(target);
  if (target.options.socket.empty()) {
    endpoint.host = target.options.host;
    endpoint.port = target.options.port;
  } else {
    endpoint.socket = target.options.socket;
  }
  return endpoint;
}

MariadbProvider::MariadbProvider(std::vector<MariadbTarget> targets) : targets_(std::move(targets)) {
}

std::vector<ResourceScope> MariadbProvider::resources() const {
  std::vector<ResourceScope> resources;
  for (const auto& target : targets_) {
    for (const char* label : kNodeLabels) {
      resources.push_back(ResourceScope{ResourceScope::Kind::kNode, label, scope_of(target)});
    }
    for (const char* type : kRelationshipTypes) {
      resources.push_back(ResourceScope{ResourceScope::Kind::kRelationship, type, scope_of(target)});
    }
  }
  return resources;
}

core::Status MariadbProvider::load(ProviderContext& context) {
  context.job.set_total(static_cast<double>(targets_.size()), "servers");
  for (const auto& target : targets_) {
    if (context.job.cancelled()) {
      return core::fail(core::ErrorCategory::kCancelled, "mariadb provider cancelled");
    }
    context.job.message("reading " + target.options.describe());
    OPSDECK_TRY(load_server(target, context));
    context.job.advance(1);
  }
  return {};
}

core::Status MariadbProvider::load_server(const MariadbTarget& target, ProviderContext& context) {
  auto connection = store::MariadbConnection::connect(target.options);
  if (!connection.ok()) {
    return core::Unexpected{connection.error()};
  }
  auto& db = **connection;
  const std::string scope = scope_of(target);
  const std::string server_id = mariadb_server_id(target);
  auto node = [&](const char* label, std::string id, nlohmann::json properties) {
    return context.sink.add_node(GraphNode{label, std::move(id), scope, std::move(properties)});
  };
  auto link = [&](const char* type, const char* from_label, std::string from_id, const char* to_label,
                  std::string to_id, nlohmann::json properties = nlohmann::json::object()) {
    return context.sink.add_relationship(GraphRelationship{type, from_label, std::move(from_id), to_label,
                                                           std::move(to_id), scope, std::move(properties)});
  };
  auto query = [&](std::string_view sql) -> core::Result<store::QueryResult> {
    auto result = db.execute_plain(sql);
    if (!result.ok()) {
      return core::Unexpected{
          core::Error{result.error().category,
                      "mariadb provider, " + target.options.describe() + ": " + result.error().message}};
    }
    return result;
  };

  auto variables = query(
      "SELECT @@version AS version, @@hostname AS hostname, @@port AS port,"
      " @@read_only AS read_only, @@server_id AS server_id");
  if (!variables.ok()) {
    return core::Unexpected{variables.error()};
  }
  const auto& v = variables->rows.at(0);
  OPSDECK_TRY(node("MariadbServer", server_id,
                   {{"endpoint", target.options.describe()},
                    {"version", text(v, "version")},
                    {"hostname", text(v, "hostname")},
                    {"port", integer(v, "port")},
                    {"read_only", integer(v, "read_only") != 0},
                    {"server_id", integer(v, "server_id")}}));

  auto schemata = query(
      "SELECT SCHEMA_NAME AS name, DEFAULT_CHARACTER_SET_NAME AS charset FROM "
      "information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN "
      "('information_schema', 'performance_schema') ORDER BY SCHEMA_NAME");
  if (!schemata.ok()) {
    return core::Unexpected{schemata.error()};
  }
  for (const auto& row : schemata->rows) {
    const std::string database = text(row, "name");
    const std::string id = server_id + "/" + database;
    OPSDECK_TRY(node("MariadbDatabase", id, {{"name", database}, {"charset", text(row, "charset")}}));
    OPSDECK_TRY(link("HAS_DATABASE", "MariadbServer", server_id, "MariadbDatabase", id));
  }

  auto tables = query(
      "SELECT TABLE_SCHEMA AS db, TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine,"
      " TABLE_ROWS AS table_rows, DATA_LENGTH AS data_length, INDEX_LENGTH AS index_length"
      " FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN "
      "('information_schema', 'performance_schema') ORDER BY TABLE_SCHEMA, TABLE_NAME");
  if (!tables.ok()) {
    return core::Unexpected{tables.error()};
  }
  for (const auto& row : tables->rows) {
    if (context.job.cancelled()) {
      return core::fail(core::ErrorCategory::kCancelled, "mariadb provider cancelled");
    }
    const std::string database_id = server_id + "/" + text(row, "db");
    const std::string id = database_id + "." + text(row, "name");
    const std::int64_t data = integer(row, "data_length");
    const std::int64_t index = integer(row, "index_length");
    OPSDECK_TRY(node("MariadbTable", id,
                     {{"database", text(row, "db")},
                      {"name", text(row, "name")},
                      {"type", text(row, "type")},
                      {"engine", text(row, "engine")},
                      {"rows", integer(row, "table_rows")},
                      {"data_bytes", data},
                      {"index_bytes", index},
                      {"size_bytes", data + index}}));
    OPSDECK_TRY(link("HAS_TABLE", "MariadbDatabase", database_id, "MariadbTable", id));
  }

  // Global privileges per grantee, then schema privileges as HAS_GRANT relationships. information_schema
  // shows what the connected user may see: all of it for an admin, its own grants otherwise.
  std::map<std::string, std::vector<std::string>> global;
  auto user_privileges = query(
      "SELECT GRANTEE AS grantee, PRIVILEGE_TYPE AS privilege, IS_GRANTABLE AS "
      "grantable FROM information_schema.USER_PRIVILEGES ORDER BY GRANTEE");
  if (!user_privileges.ok()) {
    return core::Unexpected{user_privileges.error()};
  }
  for (const auto& row : user_privileges->rows) {
    auto& list = global[grantee_name(text(row, "grantee"))];
    if (text(row, "privilege") != "USAGE") {
      list.push_back(text(row, "privilege"));
    }
  }
  for (const auto& [grantee, privileges] : global) {
    const std::string id = server_id + "/user/" + grantee;
    OPSDECK_TRY(node("MariadbUser", id, {{"grantee", grantee}, {"global_privileges", privileges}}));
    OPSDECK_TRY(link("HAS_USER", "MariadbServer", server_id, "MariadbUser", id));
  }
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> schema_grants;
  auto schema_privileges = query(
      "SELECT GRANTEE AS grantee, TABLE_SCHEMA AS db, PRIVILEGE_TYPE AS privilege"
      " FROM information_schema.SCHEMA_PRIVILEGES ORDER BY GRANTEE, TABLE_SCHEMA");
  if (!schema_privileges.ok()) {
    return core::Unexpected{schema_privileges.error()};
  }
  for (const auto& row : schema_privileges->rows) {
    schema_grants[{grantee_name(text(row, "grantee")), text(row, "db")}].push_back(text(row, "privilege"));
  }
  for (const auto& [key, privileges] : schema_grants) {
    OPSDECK_TRY(link("HAS_GRANT", "MariadbUser", server_id + "/user/" + key.first, "MariadbDatabase",
                     server_id + "/" + key.second, {{"privileges", privileges}}));
  }

  // Replication: this server as a replica of others, and replicas that registered with it.
  auto replicas = db.execute_plain("SHOW ALL SLAVES STATUS");
  if (replicas.ok()) {
    for (const auto& row : replicas->rows) {
      const std::string primary =
          "mariadb:" + text(row, "Master_Host") + ":" + std::to_string(integer(row, "Master_Port"));
      OPSDECK_TRY(link("REPLICATES_FROM", "MariadbServer", server_id, "MariadbServer", primary,
                       {{"connection", text(row, "Connection_name")},
                        {"io_running", text(row, "Slave_IO_Running")},
                        {"sql_running", text(row, "Slave_SQL_Running")},
                        {"seconds_behind", integer(row, "Seconds_Behind_Master")},
                        {"last_error", text(row, "Last_Error")}}));
    }
  }
  auto hosts = db.execute_plain("SHOW SLAVE HOSTS");
  if (hosts.ok()) {
    for (const auto& row : hosts->rows) {
      const std::string replica = "mariadb:" + text(row, "Host") + ":" + std::to_string(integer(row, "Port"));
      OPSDECK_TRY(link("REPLICATES_FROM", "MariadbServer", replica, "MariadbServer", server_id,
                       {{"server_id", integer(row, "Server_id")}}));
    }
  }
  return {};
}

}  // namespace opsdeck::sync
