// The http provider: options checks, resources from the mapping, and load() around ResourceWalker.
#include "backend/sync/http/http_provider.hpp"

#include <algorithm>
#include <chrono>

#include "backend/sync/http/http_resource_walker.hpp"
#include "backend/sync/http/http_url.hpp"

namespace opsdeck::sync::http {
namespace {

bool is_loopback_origin(const std::string& origin) {
  const auto host_start = origin.find("://") + 3;
  std::string host = origin.substr(host_start);
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);
  } else if (const auto colon = host.find(':'); colon != std::string::npos) {
    host.resize(colon);
  }
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

}  // namespace

core::Status validate_http_provider_options(const HttpProviderOptions& options) {
  if (options.name.empty()) {
    return core::fail(core::ErrorCategory::kInvalidInput, "http provider: no name (sync_http.name)");
  }
  const std::string origin = url_origin(options.base_url);
  if (origin.empty()) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "http provider " + options.name + ": base URL \"" + displayable_url(options.base_url) +
                          "\" is not an absolute http:// or https:// URL");
  }
  if (options.auth && !options.auth->value.empty() && origin.starts_with("http://") &&
      !is_loopback_origin(origin)) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "http provider " + options.name + ": refusing to send header " + options.auth->name +
                          " in clear text to " + origin + "; use https://");
  }
  return {};
}

HttpProvider::HttpProvider(HttpProviderOptions options) : options_(std::move(options)) {
  if (options_.auth && !options_.auth->value.empty()) {
    core::register_secret_for_redaction(options_.auth->value.reveal());
    core::register_secret_for_redaction(credential_part(options_.auth->value.reveal()));
  }
}

std::vector<ResourceScope> HttpProvider::resources() const {
  std::vector<ResourceScope> scopes;
  auto add = [&](ResourceScope::Kind kind, const std::string& name) {
    ResourceScope resource{kind, name, scope()};
    if (std::find(scopes.begin(), scopes.end(), resource) == scopes.end()) {
      scopes.push_back(std::move(resource));
    }
  };
  for (const auto& resource : options_.mapping.resources) {
    add(ResourceScope::Kind::kNode, resource.label);
  }
  for (const auto& resource : options_.mapping.resources) {
    for (const auto& relationship : resource.relationships) {
      add(ResourceScope::Kind::kRelationship, relationship.type);
    }
  }
  return scopes;
}

core::Status HttpProvider::load(ProviderContext& context) {
  OPSDECK_TRY(validate_http_provider_options(options_));
  const auto started = std::chrono::steady_clock::now();
  HttpClient client(options_.client);
  Sleeper sleeper = options_.sleeper ? options_.sleeper : stop_token_sleeper(context.job.stop_token());
  HttpFetcher fetcher(client, options_.retry, options_.auth, std::move(sleeper), context.logger,
                      "sync http:" + options_.name);
  ResourceWalker walker(options_.mapping, options_.name, options_.base_url, fetcher, context);
  auto status = walker.run();
  last_counters_ = fetcher.counters();
  const std::string prefix = "sync.http." + options_.name + ".";
  context.statsd.count(prefix + "requests", static_cast<double>(last_counters_.requests));
  context.statsd.count(prefix + "retries", static_cast<double>(last_counters_.retries));
  context.statsd.count(prefix + "rate_limited", static_cast<double>(last_counters_.rate_limited));
  context.statsd.timing(prefix + "fetch", std::chrono::steady_clock::now() - started);
  if (!status) {
    return core::fail(status.error().category,
                      "http provider " + options_.name + ": " + status.error().message);
  }
  return {};
}

}  // namespace opsdeck::sync::http
