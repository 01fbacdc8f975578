// The one table of configuration keys. Everything else — loading, validation, `opsdeck config check`,
// docs/configuration.md — reads this table, so a key added here is documented and checked everywhere.
#include "backend/core/config.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::core {
namespace {

// Builders keep each row on a few lines; default values are JSON text so that the table reads like the file.
ConfigKey string_key(std::string_view name, std::string_view default_value, std::string_view description,
                     std::string_view choices = {}) {
  return ConfigKey{name, ConfigType::kString, default_value, description, 0, 0, choices};
}

ConfigKey int_key(std::string_view name, std::string_view default_value, std::int64_t min, std::int64_t max,
                  std::string_view description) {
  return ConfigKey{name, ConfigType::kInt, default_value, description, min, max};
}

ConfigKey bool_key(std::string_view name, std::string_view default_value, std::string_view description) {
  return ConfigKey{name, ConfigType::kBool, default_value, description};
}

ConfigKey path_key(std::string_view name, std::string_view description, std::string_view env_alias = {}) {
  return ConfigKey{name, ConfigType::kPath, R"("")", description, 0, 0, {}, env_alias};
}

// A secret has no default and is never read from the file; its companion `<key>_file` names where it is.
ConfigKey secret_key(std::string_view name, std::string_view description) {
  return ConfigKey{name, ConfigType::kSecret, "null", description};
}

std::vector<ConfigKey> build_schema() {
  return {
      path_key("general.state_dir",
               "Where all state lives (local stack, logs, caches); empty = $XDG_STATE_HOME/opsdeck, "
               "else ~/.local/state/opsdeck",
               "OPSDECK_STATE_DIR"),
      string_key("general.log_level", R"("info")",
                 "Lowest level written to the log file and the console's log panel", "debug|info|warn|error"),

      string_key("ui.theme", R"("dark")",
                 "Colour theme: the name of a file in themes/; an unknown name falls back to dark"),
      bool_key("ui.no_color", "false", "Draw without colours (bold, reverse and underline only)"),
      bool_key("ui.ascii", "false", "Force ASCII glyphs for borders, bars and sparklines (no UTF-8 needed)"),
      int_key("ui.max_fps", "10", 1, 60, "Most redraws per second; the console redraws only what changed"),

      int_key("jobs.workers", "4", 1, 64,
              "Worker threads that run engine jobs (syncs, crawls, backups, ...)"),

      int_key("monitor.interval_ms", "1000", 200, 60000,
              "How often the MariaDB and Redis status pollers sample, in milliseconds"),
      int_key("monitor.long_query_time", "10", 1, 86400,
              "Databases view: statements running at least this many seconds are highlighted in the process "
              "list"),

      bool_key("statsd.enabled", "false",
               "Send opsdeck's own timings and counts to a statsd server (as --statsd-enabled); the console "
               "always sends to its own server"),
      string_key("statsd.host", R"("127.0.0.1")", "statsd host the emitter sends to (as --statsd-host)"),
      int_key("statsd.port", "8125", 1, 65535, "statsd UDP port the emitter sends to (as --statsd-port)"),
      string_key("statsd.prefix", R"("")",
                 "Prefix of every emitted name, e.g. \"opsdeck\" (as --statsd-prefix); empty = none"),

      string_key("metrics.listen", R"("127.0.0.1:8125")",
                 "UDP HOST:PORT of the statsd server (console and `metrics serve`); [::1]:8125 for IPv6, "
                 "port 0 = any free port"),
      string_key("metrics.admin", R"("127.0.0.1:8126")",
                 "TCP HOST:PORT of the etsy-compatible admin interface; empty = off"),
      int_key("metrics.flush_interval", "10", 1, 3600,
              "Seconds between flushes (counter rates are per second of this interval)"),
      string_key("metrics.percentiles", R"("90,95,99")",
                 "Timer percentiles, comma-separated (99.9 allowed; negative = lowest N %, as etsy)"),
      int_key("metrics.max_series", "100000", 1, 10000000,
              "Most distinct series kept; metrics of new series past it are refused (counted)"),
      int_key("metrics.receive_threads", "0", 0, 64,
              "UDP receive threads (SO_REUSEPORT sockets, senders spread over them); 0 = one per CPU, "
              "at most 4"),
      int_key("metrics.history_flushes", "360", 0, 100000,
              "Flushes kept per series for the graphs (360 = one hour at 10 s)"),
      string_key("metrics.graphite", R"("")",
                 "Forward every flush to Graphite's plaintext port, HOST:PORT; empty = off"),
      string_key("metrics.graphite_prefix", R"("")",
                 "Prefix before etsy's stats./stats_counts. names sent to Graphite; empty = none"),

      int_key("backup_age.fresh_hours", "26", 1, 8760,
              "Backups view: a source's last backup younger than this many hours shows green"),
      int_key(
          "backup_age.stale_days", "8", 1, 3650,
          "Backups view: older than fresh_hours shows yellow until this many days, red after (and never)"),

      string_key("mariadb.host", R"("")",
                 "Server host name or address; empty (and no socket) = use the local stack"),
      int_key("mariadb.port", "3306", 1, 65535, "TCP port, used with mariadb.host"),
      path_key("mariadb.socket", "Unix socket path; beats host and port when set"),
      string_key("mariadb.user", R"("")", "User name; empty = the OS user"),
      secret_key("mariadb.password", "Password; only from OPSDECK_MARIADB_PASSWORD or mariadb.password_file"),
      path_key(
          "mariadb.password_file",
          "File holding the password (trailing newline ignored); must not be readable by group or others"),
      string_key("mariadb.database", R"("opsdeck")", "Database that holds opsdeck's own tables"),
      path_key("mariadb.ssl_ca", "PEM CA bundle that verifies the server; any ssl_* file turns TLS on"),
      path_key("mariadb.ssl_cert", "Client certificate (for users created with REQUIRE X509)"),
      path_key("mariadb.ssl_key", "Client private key matching mariadb.ssl_cert"),
      bool_key("mariadb.ssl_verify", "true", "Verify the server's certificate and host name when TLS is on"),
      int_key("mariadb.connect_timeout", "5", 1, 300, "Seconds to wait for a connection before giving up"),
      string_key("mariadb.replicas", R"("")",
                 "Replicas to watch and inventory: comma-separated name=host:port or name=/path/to/socket; "
                 "same user, password and TLS as the primary"),

      string_key("redis.host", R"("")",
                 "Server host name or address; empty (and no socket) = use the local stack"),
      int_key("redis.port", "6379", 1, 65535, "TCP port, used with redis.host"),
      path_key("redis.socket", "Unix socket path; beats host and port when set"),
      secret_key("redis.password",
                 "Password (AUTH); only from OPSDECK_REDIS_PASSWORD or redis.password_file"),
      path_key(
          "redis.password_file",
          "File holding the password (trailing newline ignored); must not be readable by group or others"),
      int_key("redis.db", "0", 0, 15, "Database number to SELECT"),
      int_key("redis.connect_timeout", "5", 1, 300, "Seconds to wait for a connection before giving up"),
      string_key("redis.replicas", R"("")",
                 "More Redis servers to watch and inventory: comma-separated name=host:port or "
                 "name=/path/to/socket; same password, db and timeout as the primary"),

      int_key("stack.mariadb_port", "0", 0, 65535,
              "Loopback TCP port for the local stack's mariadbd; 0 = unix socket only"),
      int_key("stack.redis_port", "0", 0, 65535,
              "Loopback TCP port for the local stack's redis-server; 0 = unix socket only"),
      bool_key("stack.tls", "false",
               "Local stack's mariadbd with TLS on 127.0.0.1 (certificate from opsdeck's CA); as `stack up "
               "--tls`"),
      path_key("stack.mariadbd",
               "mariadbd binary for the local stack; empty = search /usr/sbin, /usr/bin, PATH"),
      path_key("stack.redis_server",
               "redis-server binary for the local stack; empty = search PATH, /usr/bin"),

      string_key("sync.providers", R"("host,mariadb,redis,certs")",
                 "Comma-separated providers `opsdeck sync` runs by default, in this order"),
      int_key("sync.parallel", "4", 1, 64, "Providers that load at once (different resource types only)"),
      int_key("sync.lock_timeout", "60", 0, 86400,
              "Seconds to wait for another job's lock on the same resource type before failing"),
      int_key("sync.cleanup_batch", "10000", 1, 1000000, "Stale rows deleted per statement during cleanup"),
      int_key("sync.cleanup_max_percent", "50", 0, 100,
              "A cleanup that would delete more than this share of a label's nodes in a scope refuses "
              "unless --force"),
      string_key("sync.cert_dirs", R"("")",
                 "Colon-separated directories the certs provider reads; empty = <state-dir>/certs"),
      path_key("backup.repo", "Backup repository: the directory holding one backup per run (as `--repo`)"),
      string_key("backup.sources", R"("")",
                 "Named backup sources, `name=/path` separated by `;` (`backup create NAME` uses the path)"),
      string_key(
          "backup.exclude", R"("")",
          "Globs skipped by directory backups, separated by `,` (tmp/ and backups/ are always skipped)"),
      int_key("backup.workers", "4", 1, 32,
              "Threads copying and hashing files in a backup, verify or restore"),
      string_key("backup.compression", R"("none")",
                 "Compression of new backups: `none`, `zstd` or `zstd:LEVEL` (1-19); as `backup create "
                 "--compress`"),
      string_key(
          "sync_http.name", R"("api")",
          "Name of the JSON API the http sync provider reads: scope http:<name>, node ids <name>:<id>"),
      string_key("sync_http.base_url", R"("")",
                 "Base URL of the JSON API (https://api.github.com); empty = no http provider"),
      string_key(
          "sync_http.mapping", R"("github")",
          "Mapping file (a path, or the name of one in the mappings/ directory) of endpoints to graph"),
      string_key("sync_http.auth_header", R"("Authorization")", "Header that carries the API credentials"),
      string_key("sync_http.auth_scheme", R"("Bearer")",
                 "Written before the token in the auth header; empty = the token alone (X-Api-Key style)"),
      string_key("sync_http.auth_env", R"("")",
                 "Environment variable holding the token (GITHUB_TOKEN); empty = sync_http.token"),
      secret_key("sync_http.token", "API token; only from OPSDECK_SYNC_HTTP_TOKEN or sync_http.token_file"),
      path_key("sync_http.token_file", "File holding the API token; must not be readable by group or others"),
      path_key("sync_http.ca_file", "PEM CA bundle that verifies the API's server; empty = the system's"),
      int_key("sync_http.timeout", "30", 1, 600, "Seconds one request may take before it is retried"),
      int_key("sync_http.max_retries", "4", 0, 20,
              "Retries of a request after a 429, a 5xx or a dropped connection before the sync fails"),
      int_key("sync_http.max_retry_after", "120", 1, 3600,
              "Longest Retry-After (seconds) the sync waits; a longer one fails the provider"),
  };
}

}  // namespace

const std::vector<ConfigKey>& config_schema() {
  static const std::vector<ConfigKey> schema = build_schema();
  return schema;
}

const std::vector<ConfigSection>& config_sections() {
  static const std::vector<ConfigSection> sections = {
      {"general", "Where opsdeck keeps its state and how much it logs."},
      {"ui", "The console: theme, colours, glyphs, redraw rate."},
      {"jobs", "The job runner that every engine starts its work on."},
      {"monitor", "The MariaDB and Redis status pollers behind the live panels."},
      {"statsd", "Where opsdeck's engines send their own timings and counts (the statsd emitter)."},
      {"metrics", "The in-process statsd server: listeners, flush interval, percentiles, history, Graphite."},
      {"mariadb", "The MariaDB server opsdeck stores its data in. Unset host and socket = the local stack."},
      {"redis", "The Redis server used as crawl frontier, cache and lock store. Unset = the local stack."},
      {"stack",
       "The local stack: a private mariadbd and redis-server in the stack folder of the state directory."},
      {"sync",
       "The inventory sync: which providers run, parallelism, locks and cleanup. The graph lives in the "
       "mariadb.* server (else the local stack's)."},
      {"backup", "The backup engine: where backups go, named sources, what directory backups skip."},
      {"backup_age", "How old a source's last backup may get before the Backups view colours it."},
      {"sync_http",
       "The http sync provider: a JSON API read through a mapping file into the inventory graph."},
  };
  return sections;
}

const ConfigKey* find_config_key(std::string_view name) {
  const auto& schema = config_schema();
  auto found =
      std::find_if(schema.begin(), schema.end(), [&](const ConfigKey& key) { return key.name == name; });
  return found == schema.end() ? nullptr : &*found;
}

std::string env_var_for(std::string_view key) {
  std::string name = "OPSDECK_";
  for (char c : key) {
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

std::string_view to_string(ConfigOrigin origin) {
  switch (origin) {
    case ConfigOrigin::kDefault:
      return "default";
    case ConfigOrigin::kFile:
      return "file";
    case ConfigOrigin::kEnvironment:
      return "env";
    case ConfigOrigin::kFlag:
      return "flag";
  }
  return "default";
}

}  // namespace opsdeck::core
