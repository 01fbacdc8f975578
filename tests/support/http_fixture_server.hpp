// HttpFixtureServer: a small HTTP/1.1 server on 127.0.0.1:<ephemeral port>, in-process on its own thread,
// for tests of HTTP clients (the http sync provider). Each connection carries one request (Connection:
// close); a handler turns the request into a response. ScriptedRoutes is the usual handler: per request
// target a queue of responses (a 429, then a 500, then the page), the last one repeating. Every request is
// recorded, headers included, so a test can check what the client sent.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace opsdeck::testing {

struct FixtureRequest {
  std::string method;
  std::string target;                          // "/orgs/acme/repos?per_page=2&page=2"
  std::string path;                            // "/orgs/acme/repos"
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // names lower-cased
};

struct FixtureResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool stall = false;  // read the request, never answer (until the server stops): client timeouts

  static FixtureResponse json(std::string body, int status = 200);
};

class HttpFixtureServer {
 public:
  using Handler = std::function<FixtureResponse(const FixtureRequest&)>;

  explicit HttpFixtureServer(Handler handler);  // fails the current test (ADD_FAILURE) if it cannot listen
  ~HttpFixtureServer();
  HttpFixtureServer(const HttpFixtureServer&) = delete;
  HttpFixtureServer& operator=(const HttpFixtureServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<FixtureRequest> requests() const;

 private:
  void run();
  void serve(int client);

  Handler handler_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  std::uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::vector<FixtureRequest> requests_;
  std::vector<int> stalled_;  // connections held open until the server stops
  std::thread thread_;
};

// Responses by request target (path plus query, exactly as sent). A target answers its queued responses in
// order and then repeats the last; an unknown target gets 404 with the target in the body.
class ScriptedRoutes {
 public:
  void add(const std::string& target, FixtureResponse response);
  HttpFixtureServer::Handler handler();

 private:
  struct State {
    std::mutex mutex;
    std::map<std::string, std::deque<FixtureResponse>> routes;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace opsdeck::testing
