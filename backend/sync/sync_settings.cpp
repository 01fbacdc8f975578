#include "backend/sync/sync_settings.hpp"

#include <algorithm>
#include <sstream>

#include "backend/metrics/replica_list.hpp"
#include "backend/store/store_options_from_config.hpp"
#include "backend/sync/http/http_provider_config.hpp"
#include "backend/sync/providers/certs_provider.hpp"
#include "backend/sync/providers/host_provider.hpp"
#include "backend/sync/providers/mariadb_provider.hpp"
#include "backend/sync/providers/redis_provider.hpp"

namespace opsdeck::sync {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) {
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (!part.empty()) {
      parts.push_back(part);
    }
  }
  return parts;
}

// A replica's target, unless the same endpoint is listed already (a replica that is the primary's own
// endpoint is not synced twice).
template <typename Target, typename Options>
void add_target(std::vector<Target>& targets, Options options) {
  std::string name = options.describe();
  const bool listed =
      std::any_of(targets.begin(), targets.end(), [&](const Target& target) { return target.name == name; });
  if (!listed) {
    targets.push_back(Target{std::move(name), std::move(options)});
  }
}

}  // namespace

std::vector<std::string> known_provider_names() {
  return {"host", "mariadb", "redis", "certs", "http"};
}

core::Result<SyncSettings> sync_settings_from_config(const core::Config& config,
                                                     const store::MariadbOptions& stack_mariadb,
                                                     const store::RedisOptions& stack_redis) {
  SyncSettings settings;
  auto mariadb = store::mariadb_options_from_config(config);
  if (!mariadb.ok()) {
    return core::Unexpected{mariadb.error()};
  }
  settings.graph = mariadb->host.empty() && mariadb->socket.empty() ? stack_mariadb : *mariadb;
  auto redis = store::redis_options_from_config(config);
  if (!redis.ok()) {
    return core::Unexpected{redis.error()};
  }
  store::RedisOptions redis_target = redis->host.empty() && redis->socket.empty() ? stack_redis : *redis;
  settings.providers = split(config.get_string("sync.providers"), ',');
  const auto known = known_provider_names();
  for (const auto& name : settings.providers) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) {
        list += (list.empty() ? "" : ", ") + k;
      }
      return core::fail(core::ErrorCategory::kInvalidInput, "config key sync.providers: unknown provider '" +
                                                                name + "'; expected some of " + list);
    }
  }
  settings.defaults.parallel =
      static_cast<std::size_t>(std::clamp<std::int64_t>(config.get_int("sync.parallel"), 1, 64));
  settings.defaults.lock_timeout =
      std::chrono::seconds(std::max<std::int64_t>(config.get_int("sync.lock_timeout"), 0));
  settings.defaults.cleanup_batch =
      static_cast<std::size_t>(std::max<std::int64_t>(config.get_int("sync.cleanup_batch"), 1));
  settings.defaults.cleanup_max_share =
      static_cast<double>(std::clamp<std::int64_t>(config.get_int("sync.cleanup_max_percent"), 0, 100)) /
      100.0;
  settings.mariadb_servers.push_back(MariadbTarget{settings.graph.describe(), settings.graph});
  // Every replica in mariadb.replicas is synced too, each in its own scope, with the primary's user,
  // password and TLS (as the metrics pollers use them) and no default database.
  auto replicas = metrics::parse_replica_list(config.get_string("mariadb.replicas"));
  if (!replicas.ok()) {
    return core::Unexpected{replicas.error()};  // names the key and the entry
  }
  for (const auto& replica : *replicas) {
    store::MariadbOptions options = metrics::options_at(*mariadb, replica);
    options.database.clear();
    add_target(settings.mariadb_servers, std::move(options));
  }
  settings.redis_servers.push_back(RedisTarget{redis_target.describe(), redis_target});
  // The same for redis.replicas: each in its own scope, with the primary's password and db.
  auto redis_replicas =
      metrics::parse_replica_list(config.get_string("redis.replicas"), "redis.replicas", 6379);
  if (!redis_replicas.ok()) {
    return core::Unexpected{redis_replicas.error()};
  }
  for (const auto& replica : *redis_replicas) {
    add_target(settings.redis_servers, metrics::options_at(*redis, replica));
  }
  for (const auto& dir : split(config.get_string("sync.cert_dirs"), ':')) {
    settings.cert_dirs.emplace_back(dir);
  }
  settings.cert_dirs_configured = !settings.cert_dirs.empty();
  if (settings.cert_dirs.empty()) {
    settings.cert_dirs.push_back(config.state_dir() / "certs");
  }
  if (http::http_provider_configured(config)) {
    auto http_options = http::http_provider_options(config, http::process_environment());
    if (!http_options.ok()) {
      return core::Unexpected{http_options.error()};
    }
    settings.http = std::move(http_options).value();
  } else if (std::find(settings.providers.begin(), settings.providers.end(), "http") !=
             settings.providers.end()) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "config key sync.providers names http, but sync_http.base_url is not set");
  }
  return settings;
}

core::Result<std::vector<std::shared_ptr<Provider>>> make_providers(const SyncSettings& settings) {
  std::vector<std::shared_ptr<Provider>> providers;
  for (const auto& name : settings.providers) {
    if (name == "host") {
      HostSources sources;
      sources.proc_root = settings.proc_root;
      sources.etc_root = settings.etc_root;
      sources.dpkg_status = settings.dpkg_status;
      for (const auto& target : settings.mariadb_servers) {
        sources.mariadb_endpoints.push_back(mariadb_endpoint(target));
      }
      providers.push_back(std::make_shared<HostProvider>(std::move(sources)));
    } else if (name == "mariadb") {
      providers.push_back(std::make_shared<MariadbProvider>(settings.mariadb_servers));
    } else if (name == "redis") {
      providers.push_back(std::make_shared<RedisProvider>(settings.redis_servers));
    } else if (name == "certs") {
      providers.push_back(std::make_shared<CertsProvider>(settings.cert_dirs, settings.cert_dirs_configured));
    } else if (name == "http" && settings.http) {
      providers.push_back(std::make_shared<http::HttpProvider>(*settings.http));
    } else {
      return core::fail(core::ErrorCategory::kInvalidInput, "unknown sync provider '" + name + "'");
    }
  }
  return providers;
}

}  // namespace opsdeck::sync
