// HttpFetcher: one JSON page, with the retry policy around HttpClient. 429 (and 403 carrying Retry-After)
// waits the seconds the server asks for, up to a cap; 5xx and dropped connections back off exponentially;
// both give up after max_retries more attempts. Redirects and other 4xx fail at once. Every message names the
// URL and passes through scrub(), so the auth header's value cannot leak into an error or a log line.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "backend/core/logger.hpp"
#include "backend/core/result.hpp"
#include "backend/core/secret.hpp"
#include "backend/sync/http/http_client.hpp"

namespace opsdeck::sync::http {

struct RetryPolicy {
  int max_retries = 4;  // attempts after the first
  std::chrono::milliseconds base_backoff{500};
  std::chrono::milliseconds max_backoff{30000};
  std::chrono::seconds max_retry_after{120};  // a longer Retry-After fails instead of stalling the sync
};

struct AuthHeader {
  std::string name;    // "Authorization"
  core::Secret value;  // "Bearer ..." - sent, never shown
  std::string origin;  // where the value came from, for messages: "$GITHUB_TOKEN"
};

// "abc" from "Bearer abc" (empty when the value has no scheme): masked wherever the whole value is.
std::string credential_part(const std::string& header_value);

// Waits for `delay`; returns false when the wait was cancelled. The provider's default waits on the job's
// stop_token; tests record the delays instead of sleeping.
using Sleeper = std::function<bool(std::chrono::milliseconds delay)>;
Sleeper stop_token_sleeper(std::stop_token stop);

struct FetchCounters {
  std::uint64_t requests = 0;
  std::uint64_t retries = 0;
  std::uint64_t rate_limited = 0;
};

struct JsonPage {
  HttpResponse response;
  nlohmann::json body;
};

class HttpFetcher {
 public:
  HttpFetcher(HttpClient& client, RetryPolicy policy, std::optional<AuthHeader> auth, Sleeper sleeper,
              core::Logger& logger, std::string log_source);

  core::Result<JsonPage> get_json(const std::string& url, std::stop_token stop);
  const FetchCounters& counters() const { return counters_; }
  // The auth value (and any registered secret) masked; applied to every message this fetcher produces.
  std::string scrub(std::string_view text) const;

 private:
  core::Result<HttpResponse> get_with_retries(const std::string& url, std::stop_token stop);
  std::chrono::milliseconds backoff(int attempt) const;
  core::Unexpected failure(core::ErrorCategory category, const std::string& message) const;

  HttpClient& client_;
  RetryPolicy policy_;
  std::optional<AuthHeader> auth_;
  Sleeper sleeper_;
  core::Logger& logger_;
  std::string log_source_;
  FetchCounters counters_;
};

}  // namespace opsdeck::sync::http
