// sync_http.* keys -> HttpProviderOptions.
#include "backend/sync/http/http_provider_config.hpp"

#include <cstdlib>

namespace opsdeck::sync::http {

EnvironmentLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

bool http_provider_configured(const core::Config& config) {
  return !config.get_string("sync_http.base_url").empty();
}

core::Result<HttpProviderOptions> http_provider_options(const core::Config& config,
                                                        const EnvironmentLookup& environment) {
  HttpProviderOptions options;
  options.name = config.get_string("sync_http.name");
  options.base_url = config.get_string("sync_http.base_url");
  auto mapping_path = resolve_mapping(config.get_string("sync_http.mapping"));
  if (!mapping_path) {
    return core::fail(mapping_path.error().category, "sync_http.mapping: " + mapping_path.error().message);
  }
  auto mapping = load_http_mapping(*mapping_path);
  if (!mapping) {
    return core::Unexpected{mapping.error()};
  }
  options.mapping = std::move(mapping).value();

  // The value comes from the variable sync_http.auth_env names (GITHUB_TOKEN), else from the sync_http.token
  // secret (OPSDECK_SYNC_HTTP_TOKEN or sync_http.token_file). No value = no header (a public API).
  std::string token;
  std::string origin;
  if (const auto variable = config.get_string("sync_http.auth_env"); !variable.empty()) {
    const auto value = environment(variable);
    if (!value || value->empty()) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "sync_http.auth_env: the environment variable " + variable + " is not set");
    }
    token = *value;
    origin = "$" + variable;
  } else if (auto secret = config.get_secret("sync_http.token"); !secret.empty()) {
    token = secret.reveal();
    origin = "sync_http.token";
  }
  if (!token.empty()) {
    const auto scheme = config.get_string("sync_http.auth_scheme");
    options.auth = AuthHeader{config.get_string("sync_http.auth_header"),
                              core::Secret(scheme.empty() ? token : scheme + " " + token), origin};
    core::register_secret_for_redaction(token);
  }
  options.client.timeout = std::chrono::seconds(config.get_int("sync_http.timeout"));
  options.client.connect_timeout = std::min(options.client.timeout, std::chrono::milliseconds(10000));
  options.client.ca_file = config.get_path("sync_http.ca_file");
  options.retry.max_retries = static_cast<int>(config.get_int("sync_http.max_retries"));
  options.retry.max_retry_after = std::chrono::seconds(config.get_int("sync_http.max_retry_after"));
  OPSDECK_TRY(validate_http_provider_options(options));
  return options;
}

core::Result<std::unique_ptr<HttpProvider>> make_http_provider(const core::Config& config,
                                                               const EnvironmentLookup& environment) {
  auto options = http_provider_options(config, environment);
  if (!options) {
    return core::Unexpected{options.error()};
  }
  return std::make_unique<HttpProvider>(std::move(options).value());
}

}  // namespace opsdeck::sync::http
