// SyncSettings: the sync.* configuration keys resolved into what the engine and the providers need: the
// graph database, the enabled providers and their targets (MariaDB and Redis servers, certificate
// directories), and the run defaults. make_providers() builds the provider objects from it; a provider
// added later (http) adds its settings here and one branch in make_providers.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/core/config.hpp"
#include "backend/core/result.hpp"
#include "backend/store/mariadb_options.hpp"
#include "backend/store/redis_client.hpp"
#include "backend/sync/http/http_provider.hpp"
#include "backend/sync/provider.hpp"
#include "backend/sync/sync_engine.hpp"

namespace opsdeck::sync {

struct MariadbTarget {
  std::string name;  // scope "mariadb:<name>"; options.describe(): the configured (or stack) server and
                     // each of mariadb.replicas
  store::MariadbOptions options;
};

struct RedisTarget {
  std::string name;  // scope "redis:<name>"
  store::RedisOptions options;
};

struct SyncSettings {
  store::MariadbOptions graph;         // where the graph lives
  std::vector<std::string> providers;  // enabled providers, in order (sync.providers)
  SyncOptions defaults;                // sync.parallel, lock_timeout, cleanup_batch, cleanup_max_share
  std::vector<MariadbTarget> mariadb_servers;
  std::vector<RedisTarget> redis_servers;
  std::vector<std::filesystem::path> cert_dirs;  // sync.cert_dirs (':'-separated); empty = <state>/certs
  bool cert_dirs_configured = false;  // a configured directory that is missing fails; the default is skipped
  std::filesystem::path proc_root = "/proc";  // host provider; tests point these at captured trees
  std::filesystem::path etc_root = "/etc";
  std::filesystem::path dpkg_status = "/var/lib/dpkg/status";
  std::optional<http::HttpProviderOptions> http;  // from sync_http.*, when sync_http.base_url is set
};

// `stack_mariadb` / `stack_redis`: the local stack's options, used when mariadb.* / redis.* are not set.
core::Result<SyncSettings> sync_settings_from_config(const core::Config& config,
                                                     const store::MariadbOptions& stack_mariadb,
                                                     const store::RedisOptions& stack_redis);

// Every provider named in settings.providers; an unknown name fails naming it and the known ones.
core::Result<std::vector<std::shared_ptr<Provider>>> make_providers(const SyncSettings& settings);

// "host", "mariadb", "redis", "certs" (and "http" once it lands).
std::vector<std::string> known_provider_names();

}  // namespace opsdeck::sync
