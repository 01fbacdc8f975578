// The `http` provider: a generic JSON API turned into graph nodes and relationships by a mapping file
// (http_mapping.hpp). Resources are fetched parents first; a child's endpoint is filled from each parent item
// ("/orgs/{org.login}/repos"). Everything it writes is in scope "http:<name>" and node ids are
// "<name>:<id field>", so two APIs (or two instances of one) never clean up each other's nodes.
// Any failure (HTTP after retries, malformed JSON, a mapped field missing) fails load() with a message naming
// the URL and the field; the engine then skips cleanup, so a half-read API never deletes anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/sync/http/http_client.hpp"
#include "backend/sync/http/http_fetcher.hpp"
#include "backend/sync/http/http_mapping.hpp"
#include "backend/sync/provider.hpp"

namespace opsdeck::sync::http {

struct HttpProviderOptions {
  std::string name;      // "github": scope "http:github"
  std::string base_url;  // "https://api.github.com"; mapping paths are appended
  HttpMapping mapping;
  std::optional<AuthHeader> auth;
  HttpClientOptions client;
  RetryPolicy retry;
  Sleeper sleeper;  // empty = wait on the job's stop_token (tests pass one that records the delays)
};

// Checks what can be checked before a request: an absolute http(s) base URL, and no auth header sent in clear
// text to anything but loopback.
core::Status validate_http_provider_options(const HttpProviderOptions& options);

class HttpProvider : public Provider {
 public:
  explicit HttpProvider(HttpProviderOptions options);

  std::string_view name() const override { return "http"; }
  std::vector<ResourceScope> resources() const override;
  core::Status load(ProviderContext& context) override;

  std::string scope() const { return "http:" + options_.name; }
  // Counters of the last load(): requests made, retries, rate-limited answers.
  const FetchCounters& last_counters() const { return last_counters_; }

 private:
  HttpProviderOptions options_;
  FetchCounters last_counters_;
};

}  // namespace opsdeck::sync::http
