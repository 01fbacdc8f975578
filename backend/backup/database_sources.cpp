#include "backend/backup/database_sources.hpp"

#include <sstream>
#include <string_view>
#include <vector>

#include "backend/backup/mariadb/mariadb_source.hpp"
#include "backend/backup/redis/redis_source.hpp"

namespace opsdeck::backup {
namespace {

constexpr std::string_view kMariadbPrefix = "mariadb:";
constexpr std::string_view kRedisPrefix = "redis:";

// Applies <server> to options that came from the config: a socket path, or host[:port].
template <typename Options>
core::Status apply_server(Options& options, const std::string& server) {
  if (server.empty() || server == "default") {
    return {};
  }
  if (server.front() == '/') {
    options.socket = server;
    options.host.clear();
    return {};
  }
  options.socket.clear();
  const auto colon = server.rfind(':');
  options.host = server.substr(0, colon);
  if (colon != std::string::npos) {
    try {
      options.port = static_cast<unsigned>(std::stoul(server.substr(colon + 1)));
    } catch (const std::exception&) {
      return core::fail(core::ErrorCategory::kInvalidInput, "the port in " + server + " is not a number");
    }
  }
  return {};
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) {
      parts.push_back(part);
    }
  }
  return parts;
}

}  // namespace

bool is_database_source(const std::string& source) {
  return source.starts_with(kMariadbPrefix) || source.starts_with(kRedisPrefix);
}

core::Result<std::unique_ptr<BackupSource>> database_source_from(const std::string& source,
                                                                 store::MariadbOptions mariadb,
                                                                 store::RedisOptions redis,
                                                                 bool flush_on_restore) {
  if (source.starts_with(kMariadbPrefix)) {
    const std::string rest = source.substr(kMariadbPrefix.size());
    const auto slash = rest.rfind('/');
    if (slash == std::string::npos || slash + 1 == rest.size()) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "a MariaDB source is mariadb:<server>/<database>[,<database>...]; " + source +
                            " names no database");
    }
    OPSDECK_TRY(apply_server(mariadb, rest.substr(0, slash)));
    // The source names its databases: the session must not depend on opsdeck's own (mariadb.database),
    // which a server being backed up need not have.
    mariadb.database.clear();
    MariadbSourceOptions options;
    options.name = source;
    options.server = std::move(mariadb);
    options.databases = split_commas(rest.substr(slash + 1));
    return std::unique_ptr<BackupSource>(std::make_unique<MariadbSource>(options));
  }
  if (source.starts_with(kRedisPrefix)) {
    OPSDECK_TRY(apply_server(redis, source.substr(kRedisPrefix.size())));
    RedisSourceOptions options{source, std::move(redis), flush_on_restore};
    return std::unique_ptr<BackupSource>(std::make_unique<RedisSource>(options));
  }
  return core::fail(core::ErrorCategory::kInvalidInput, source + " is not a mariadb: or redis: source");
}

std::string default_database_target(const std::string& source) {
  if (!source.starts_with(kMariadbPrefix)) {
    return "";
  }
  const auto slash = source.rfind('/');
  const auto databases = split_commas(source.substr(slash == std::string::npos ? source.size() : slash + 1));
  return databases.size() == 1 ? databases.front() : "";
}

}  // namespace opsdeck::backup
