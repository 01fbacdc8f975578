// Building the http provider from configuration (the sync_http section): base URL, mapping, the auth header
// and where its value comes from, timeouts and retry limits. The engine and the CLI call this; a test can
// pass its own environment.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "backend/core/config.hpp"
#include "backend/sync/http/http_provider.hpp"

namespace opsdeck::sync::http {

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvironmentLookup process_environment();

// Whether sync_http.base_url is set; without it there is no http provider.
bool http_provider_configured(const core::Config& config);

// The options from configuration; fails naming the key when the mapping cannot be read or the variable named
// by sync_http.auth_env is not set.
core::Result<HttpProviderOptions> http_provider_options(const core::Config& config,
                                                        const EnvironmentLookup& environment);

core::Result<std::unique_ptr<HttpProvider>> make_http_provider(
    const core::Config& config, const EnvironmentLookup& environment = process_environment());

}  // namespace opsdeck::sync::http
