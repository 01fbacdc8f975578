// libcurl behind HttpClient. curl_global_init runs once per process; the easy handle is reused so pages of
// one API share a connection.
#include "backend/sync/http/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "backend/sync/http/http_url.hpp"

namespace opsdeck::sync::http {
namespace {

struct Transfer {
  HttpResponse response;
  std::size_t max_body_bytes = 0;
  bool too_large = false;
  std::stop_token stop;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer.response.body.size() + bytes > transfer.max_body_bytes) {
    transfer.too_large = true;
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  transfer.response.body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    transfer.response.headers.clear();  // a new response (after 100 Continue): forget the earlier headers
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    return bytes;
  }
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  auto& slot = transfer.response.headers[name];
  slot += slot.empty() ? std::string(value) : ", " + std::string(value);
  return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->stop.stop_requested() ? 1 : 0;
}

core::ErrorCategory category_of(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return core::ErrorCategory::kTimeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return core::ErrorCategory::kUnavailable;
    case CURLE_ABORTED_BY_CALLBACK:
      return core::ErrorCategory::kCancelled;
    case CURLE_COULDNT_RESOLVE_HOST:
      return core::ErrorCategory::kNotFound;
    default:
      return core::ErrorCategory::kProtocol;
  }
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
};

}  // namespace

struct HttpClient::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl != nullptr) {
      curl_easy_cleanup(curl);
    }
  }
};

std::string HttpResponse::header(const std::string& lower_case_name) const {
  auto found = headers.find(lower_case_name);
  return found == headers.end() ? std::string() : found->second;
}

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)), handle_(new Handle) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  handle_->curl = curl_easy_init();
}

HttpClient::~HttpClient() = default;

core::Result<HttpResponse> HttpClient::get(const std::string& url, const std::vector<HttpHeader>& headers,
                                           std::stop_token stop) {
  const std::string shown = displayable_url(url);
  CURL* curl = handle_->curl;
  if (curl == nullptr) {
    return core::fail(core::ErrorCategory::kInternal, "GET " + shown + ": libcurl could not be initialised");
  }
  curl_easy_reset(curl);
  HeaderList header_list;
  for (const auto& header : headers) {
    const std::string line = header.name + ": " + header.value;
    header_list.list = curl_slist_append(header_list.list, line.c_str());
  }
  header_list.list = curl_slist_append(header_list.list, "Accept: application/json");
  Transfer transfer;
  transfer.max_body_bytes = options_.max_body_bytes;
  transfer.stop = std::move(stop);
  char error_text[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.list);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "opsdeck/" OPSDECK_VERSION);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);

  const CURLcode code = curl_easy_perform(curl);
  // The header list holds the auth value: it must not outlive this call inside the handle.
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  if (transfer.too_large) {
    return core::fail(core::ErrorCategory::kProtocol, "GET " + shown + ": response larger than " +
                                                          std::to_string(options_.max_body_bytes) + " bytes");
  }
  if (code != CURLE_OK) {
    const std::string detail = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
    const auto category = category_of(code);
    return core::fail(category, "GET " + shown + ": " +
                                    (category == core::ErrorCategory::kCancelled ? "cancelled" : detail));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

}  // namespace opsdeck::sync::http
