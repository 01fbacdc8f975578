// A GitHub-shaped API on the fixture server, read through the shipped mappings/github.json: two
// organisations (the first on two Link-paginated pages), repositories (acme's on two pages), members (alice
// in both orgs), one team with one member. Tests replace single routes to inject 429s, 500s, bad pages.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backend/sync/http/http_provider.hpp"
#include "tests/integration/sync/http_provider_harness.hpp"
#include "tests/support/http_fixture_server.hpp"

namespace opsdeck::testing {

inline constexpr const char* kFixtureToken = "s3cr3t-token-XYZ";

class GithubFixture {
 public:
  // Routes a test scripts before the defaults: a target serves its queue in order, then repeats the last
  // response, so a failure meant to persist is queued once per attempt.
  explicit GithubFixture(const std::function<void(ScriptedRoutes&, const std::string& base)>& before = {})
      : server_(routes_.handler()) {
    const std::string base = server_.base_url();
    if (before) {
      before(routes_, base);
    }
    auto link_next = [&](const std::string& target) {
      return std::vector<std::pair<std::string, std::string>>{
          {"Content-Type", "application/json"},
          {"Link", "<" + base + target + R"(>; rel="next", <)" + base + target + R"(>; rel="last")"}};
    };
    routes_.add(
        "/user/orgs?per_page=100",
        FixtureResponse{200, link_next("/user/orgs?per_page=100&page=2"),
                        R"([{"login": "acme", "id": 1, "url": "https://x/orgs/acme", "description": "A"}])"});
    routes_.add("/user/orgs?per_page=100&page=2",
                FixtureResponse::json(R"([{"login": "globex", "id": 2, "url": "https://x/orgs/globex"}])"));
    routes_.add("/orgs/acme/repos?per_page=100",
                FixtureResponse{200, link_next("/orgs/acme/repos?per_page=100&page=2"),
                                "[" + repo(11, "api") + "," + repo(12, "db") + "]"});
    routes_.add("/orgs/acme/repos?per_page=100&page=2", FixtureResponse::json("[" + repo(13, "web") + "]"));
    routes_.add("/orgs/globex/repos?per_page=100", FixtureResponse::json("[]"));
    routes_.add("/orgs/acme/members?per_page=100",
                FixtureResponse::json("[" + user(101, "alice") + "," + user(102, "bob") + "]"));
    routes_.add("/orgs/globex/members?per_page=100", FixtureResponse::json("[" + user(101, "alice") + "]"));
    routes_.add("/orgs/acme/teams?per_page=100",
                FixtureResponse::json(R"([{"id": 201, "name": "Ops", "slug": "ops", "privacy": "closed"}])"));
    routes_.add("/orgs/globex/teams?per_page=100", FixtureResponse::json("[]"));
    routes_.add("/orgs/acme/teams/ops/members?per_page=100",
                FixtureResponse::json("[" + user(102, "bob") + "]"));
  }

  static std::string repo(int id, const std::string& name) {
    return R"({"id": )" + std::to_string(id) + R"(, "name": ")" + name + R"(", "full_name": "acme/)" + name +
           R"(", "private": true, "archived": false, "language": null, "html_url": "https://x/acme/)" + name +
           R"("})";
  }
  static std::string user(int id, const std::string& login) {
    return R"({"id": )" + std::to_string(id) + R"(, "login": ")" + login +
           R"(", "type": "User", "site_admin": false})";
  }

  sync::http::HttpProviderOptions options() const {
    sync::http::HttpProviderOptions options;
    options.name = "test";
    options.base_url = server_.base_url();
    auto path = sync::http::resolve_mapping("github");
    EXPECT_TRUE(path);
    auto mapping = sync::http::load_http_mapping(path.value());
    EXPECT_TRUE(mapping) << (mapping ? "" : mapping.error().message);
    options.mapping = std::move(mapping).value();
    options.auth = sync::http::AuthHeader{
        "Authorization", core::Secret(std::string("Bearer ") + kFixtureToken), "$TEST_TOKEN"};
    options.retry.max_retries = 2;
    options.retry.base_backoff = std::chrono::milliseconds(100);
    options.sleeper = waits.sleeper();
    return options;
  }

  std::size_t requests_to(const std::string& target) const {
    std::size_t count = 0;
    for (const auto& request : server_.requests()) {
      count += request.target == target ? 1 : 0;
    }
    return count;
  }

  std::string base_url() const { return server_.base_url(); }
  const HttpFixtureServer& server() const { return server_; }
  ScriptedRoutes& routes() { return routes_; }
  RecordedWaits waits;

 private:
  ScriptedRoutes routes_;
  HttpFixtureServer server_;
};

}  // namespace opsdeck::testing
