// HttpClient: one libcurl easy handle (connections kept alive between pages) doing GET requests for the http
// provider. TLS verification stays on; redirects are not followed (a custom auth header must not travel to
// another server); only http and https; a body larger than the limit is refused. Retries and their policy
// live in HttpFetcher above this; the client reports one attempt.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "backend/core/result.hpp"

namespace opsdeck::sync::http {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpClientOptions {
  std::chrono::milliseconds timeout{30000};  // the whole request
  std::chrono::milliseconds connect_timeout{10000};
  std::filesystem::path ca_file;  // empty = the system's CA bundle
  std::size_t max_body_bytes = 64 * 1024 * 1024;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; repeated headers joined with ", "
  std::string body;

  std::string header(const std::string& lower_case_name) const;
};

// Failures of the transfer itself (no HTTP status): kTimeout and kUnavailable are worth retrying, kProtocol
// (TLS, a body over the limit) and kCancelled are not. Messages name the URL, never header values.
class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  core::Result<HttpResponse> get(const std::string& url, const std::vector<HttpHeader>& headers,
                                 std::stop_token stop);

 private:
  struct Handle;
  HttpClientOptions options_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace opsdeck::sync::http
