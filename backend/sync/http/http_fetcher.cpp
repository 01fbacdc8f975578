// The retry policy and JSON decoding for the http provider's requests.
#include "backend/sync/http/http_fetcher.hpp"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>

#include "backend/sync/http/http_url.hpp"

namespace opsdeck::sync::http {
namespace {

// Retry-After as delta-seconds; the HTTP-date form is rare for APIs and is treated as absent.
std::optional<std::int64_t> parse_retry_after(const std::string& text) {
  std::int64_t seconds = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc{} || ptr != text.data() + text.size() || seconds < 0) {
    return std::nullopt;
  }
  return seconds;
}

std::string body_excerpt(const std::string& body) {
  std::string excerpt = body.substr(0, 200);
  for (char& c : excerpt) {
    if (static_cast<unsigned char>(c) < 0x20) {
      c = ' ';
    }
  }
  return excerpt + (body.size() > 200 ? "..." : "");
}

}  // namespace

std::string credential_part(const std::string& header_value) {
  const auto space = header_value.find(' ');
  return space == std::string::npos ? std::string() : header_value.substr(space + 1);
}

Sleeper stop_token_sleeper(std::stop_token stop) {
  return [stop](std::chrono::milliseconds delay) {
    std::mutex mutex;
    std::condition_variable_any woken;
    std::unique_lock lock(mutex);
    woken.wait_for(lock, stop, delay, [] { return false; });
    return !stop.stop_requested();
  };
}

HttpFetcher::HttpFetcher(HttpClient& client, RetryPolicy policy, std::optional<AuthHeader> auth,
                         Sleeper sleeper, core::Logger& logger, std::string log_source)
    : client_(client),
      policy_(policy),
      auth_(std::move(auth)),
      sleeper_(std::move(sleeper)),
      logger_(logger),
      log_source_(std::move(log_source)) {
}

std::string HttpFetcher::scrub(std::string_view text) const {
  std::string out(text);
  if (auth_ && !auth_->value.empty()) {
    // The whole value ("Bearer abc") and the credential alone ("abc"), which a server may echo back.
    for (const std::string& value : {auth_->value.reveal(), credential_part(auth_->value.reveal())}) {
      if (value.empty()) {
        continue;
      }
      for (auto at = out.find(value); at != std::string::npos; at = out.find(value, at)) {
        out.replace(at, value.size(), "********");
      }
    }
  }
  return core::redact(out);
}

core::Unexpected HttpFetcher::failure(core::ErrorCategory category, const std::string& message) const {
  return core::fail(category, scrub(message));
}

std::chrono::milliseconds HttpFetcher::backoff(int attempt) const {
  auto delay = policy_.base_backoff;
  for (int i = 0; i < attempt && delay < policy_.max_backoff; ++i) {
    delay *= 2;
  }
  return std::min(delay, policy_.max_backoff);
}

core::Result<HttpResponse> HttpFetcher::get_with_retries(const std::string& url, std::stop_token stop) {
  const std::string shown = displayable_url(url);
  std::vector<HttpHeader> headers;
  if (auth_ && !auth_->value.empty()) {
    headers.push_back({auth_->name, auth_->value.reveal()});
  }
  const int attempts = policy_.max_retries + 1;
  std::string last_problem;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (stop.stop_requested()) {
      return failure(core::ErrorCategory::kCancelled, "GET " + shown + ": cancelled");
    }
    ++counters_.requests;
    auto response = client_.get(url, headers, stop);
    std::chrono::milliseconds delay{0};
    if (!response) {
      const auto category = response.error().category;
      if (category != core::ErrorCategory::kTimeout && category != core::ErrorCategory::kUnavailable) {
        return failure(category, response.error().message);
      }
      last_problem = response.error().message;
      delay = backoff(attempt);
    } else {
      const long status = response->status;
      const std::string retry_after = response->header("retry-after");
      if (status >= 200 && status < 300) {
        return std::move(response).value();
      }
      if (status == 429 || (status == 403 && !retry_after.empty())) {
        ++counters_.rate_limited;
        const auto seconds = parse_retry_after(retry_after);
        if (seconds && *seconds > policy_.max_retry_after.count()) {
          return failure(core::ErrorCategory::kUnavailable,
                         "GET " + shown + ": HTTP " + std::to_string(status) + " rate limited; Retry-After " +
                             std::to_string(*seconds) + " s is longer than the " +
                             std::to_string(policy_.max_retry_after.count()) + " s this sync waits");
        }
        delay = seconds ? std::chrono::milliseconds(*seconds * 1000) : backoff(attempt);
        last_problem = "GET " + shown + ": HTTP " + std::to_string(status) + " (rate limited)";
      } else if (status >= 500) {
        delay = backoff(attempt);
        last_problem = "GET " + shown + ": HTTP " + std::to_string(status);
      } else if (status >= 300 && status < 400) {
        return failure(core::ErrorCategory::kProtocol,
                       "GET " + shown + ": HTTP " + std::to_string(status) + " redirect to " +
                           displayable_url(response->header("location")) +
                           "; redirects are not followed (the auth header stays on base_url's server)");
      } else if ((status == 401 || status == 403) && auth_) {
        return failure(core::ErrorCategory::kInvalidInput,
                       "GET " + shown + ": HTTP " + std::to_string(status) +
                           ": the server refused the credentials in header " + auth_->name + " (from " +
                           auth_->origin + ")");
      } else {
        return failure(core::ErrorCategory::kProtocol, "GET " + shown + ": HTTP " + std::to_string(status) +
                                                           ": " + body_excerpt(response->body));
      }
    }
    if (attempt + 1 == attempts) {
      break;
    }
    ++counters_.retries;
    logger_.warn(log_source_,
                 scrub(last_problem + "; retrying in " + std::to_string(delay.count()) + " ms (attempt " +
                       std::to_string(attempt + 2) + " of " + std::to_string(attempts) + ")"));
    if (!sleeper_(delay)) {
      return failure(core::ErrorCategory::kCancelled, "GET " + shown + ": cancelled while waiting to retry");
    }
  }
  return failure(core::ErrorCategory::kUnavailable,
                 last_problem + "; gave up after " + std::to_string(attempts) + " attempts");
}

core::Result<JsonPage> HttpFetcher::get_json(const std::string& url, std::stop_token stop) {
  auto response = get_with_retries(url, stop);
  if (!response) {
    return core::Unexpected{response.error()};
  }
  JsonPage page;
  // One parse; the exception stays inside this function and only carries the byte offset out.
  try {
    page.body = nlohmann::json::parse(response->body);
  } catch (const nlohmann::json::parse_error& parse_error) {
    return failure(core::ErrorCategory::kProtocol, "GET " + displayable_url(url) +
                                                       ": the response is not valid JSON at byte " +
                                                       std::to_string(parse_error.byte));
  }
  page.response = std::move(response).value();
  return page;
}

}  // namespace opsdeck::sync::http
