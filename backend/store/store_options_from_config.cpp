// The config schema already checks types and ranges; the checks here repeat the ranges this code relies on,
// so that a Config built some other way (tests, defaults) still cannot produce a port of 70000.
#include "backend/store/store_options_from_config.hpp"

#include <string>

namespace opsdeck::store {
namespace {

core::Result<std::int64_t> int_in_range(const core::Config& config, std::string_view key, std::int64_t min,
                                        std::int64_t max) {
  const std::int64_t value = config.get_int(key);
  if (value < min || value > max) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "config key " + std::string(key) + ": " + std::to_string(value) +
                          " is out of range; expected " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

}  // namespace

core::Result<MariadbOptions> mariadb_options_from_config(const core::Config& config) {
  MariadbOptions options;
  options.host = config.get_string("mariadb.host");
  auto port = int_in_range(config, "mariadb.port", 1, 65535);
  if (!port.ok()) {
    return core::Unexpected{port.error()};
  }
  options.port = static_cast<unsigned>(*port);
  options.socket = config.get_path("mariadb.socket").string();
  options.user = config.get_string("mariadb.user");
  options.password = config.get_secret("mariadb.password");
  options.database = config.get_string("mariadb.database");
  options.tls.ca_file = config.get_path("mariadb.ssl_ca").string();
  options.tls.cert_file = config.get_path("mariadb.ssl_cert").string();
  options.tls.key_file = config.get_path("mariadb.ssl_key").string();
  options.tls.enabled =
      !options.tls.ca_file.empty() || !options.tls.cert_file.empty() || !options.tls.key_file.empty();
  options.tls.verify_server = config.get_bool("mariadb.ssl_verify");
  if (options.tls.cert_file.empty() != options.tls.key_file.empty()) {
    return core::fail(
        core::ErrorCategory::kInvalidInput,
        "config keys mariadb.ssl_cert and mariadb.ssl_key: only one is set; expected both or neither");
  }
  auto connect_timeout = int_in_range(config, "mariadb.connect_timeout", 1, 300);
  if (!connect_timeout.ok()) {
    return core::Unexpected{connect_timeout.error()};
  }
  options.connect_timeout = std::chrono::seconds(*connect_timeout);
  return options;
}

core::Result<RedisOptions> redis_options_from_config(const core::Config& config) {
  RedisOptions options;
  options.host = config.get_string("redis.host");
  auto port = int_in_range(config, "redis.port", 1, 65535);
  if (!port.ok()) {
    return core::Unexpected{port.error()};
  }
  options.port = static_cast<unsigned>(*port);
  options.socket = config.get_path("redis.socket").string();
  options.password = config.get_secret("redis.password");
  auto db = int_in_range(config, "redis.db", 0, 15);
  if (!db.ok()) {
    return core::Unexpected{db.error()};
  }
  options.db = static_cast<int>(*db);
  auto connect_timeout = int_in_range(config, "redis.connect_timeout", 1, 300);
  if (!connect_timeout.ok()) {
    return core::Unexpected{connect_timeout.error()};
  }
  options.connect_timeout = std::chrono::seconds(*connect_timeout);
  return options;
}

}  // namespace opsdeck::store
