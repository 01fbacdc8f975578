// The http provider with the shipped GitHub mapping against the fixture server: exactly the expected nodes
// and relationships, Link pagination followed, the auth header sent but never logged, and 429 / 500 retried.
#include <gtest/gtest.h>

#include "tests/integration/sync/http_github_fixture.hpp"

namespace opsdeck::testing {
namespace {

const std::vector<std::string> kExpectedNodes = {
    "GitHubOrganization test:1", "GitHubOrganization test:2", "GitHubRepository test:11",
    "GitHubRepository test:12",  "GitHubRepository test:13",  "GitHubTeam test:201",
    "GitHubUser test:101",       "GitHubUser test:102",
};

const std::vector<std::string> kExpectedRelationships = {
    "GitHubOrganization:test:1 -RESOURCE-> GitHubRepository:test:11",
    "GitHubOrganization:test:1 -RESOURCE-> GitHubRepository:test:12",
    "GitHubOrganization:test:1 -RESOURCE-> GitHubRepository:test:13",
    "GitHubOrganization:test:1 -RESOURCE-> GitHubTeam:test:201",
    "GitHubUser:test:101 -MEMBER_OF-> GitHubOrganization:test:1",
    "GitHubUser:test:101 -MEMBER_OF-> GitHubOrganization:test:2",
    "GitHubUser:test:102 -MEMBER-> GitHubTeam:test:201",
    "GitHubUser:test:102 -MEMBER_OF-> GitHubOrganization:test:1",
};

bool mentions_token(const LoadOutcome& outcome) {
  bool found = outcome.job.error.find(kFixtureToken) != std::string::npos ||
               outcome.job.message.find(kFixtureToken) != std::string::npos;
  for (const auto& line : outcome.log_lines) {
    found = found || line.find(kFixtureToken) != std::string::npos;
  }
  return found;
}

TEST(HttpProviderGithubTest, LoadsExactlyTheExpectedGraphFollowingLinkPages) {
  GithubFixture fixture;
  sync::http::HttpProvider provider(fixture.options());
  RecordingSink sink(provider.resources());
  auto outcome = load_as_job(provider, sink);
  ASSERT_TRUE(outcome.ok()) << outcome.job.error;

  EXPECT_EQ(sink.node_keys(), kExpectedNodes);
  EXPECT_EQ(sink.relationship_keys(), kExpectedRelationships);
  EXPECT_EQ(sink.nodes.size(), kExpectedNodes.size()) << "alice and bob are written once each";
  for (const auto& node : sink.nodes) {
    EXPECT_EQ(node.scope, "http:test");
  }
  const auto* repo = sink.find_node("GitHubRepository", "test:12");
  ASSERT_NE(repo, nullptr);
  EXPECT_EQ(repo->properties, nlohmann::json::parse(R"({"name": "db", "fullname": "acme/db", "private": true,
      "archived": false, "language": null, "url": "https://x/acme/db"})"));
  const auto* org = sink.find_node("GitHubOrganization", "test:2");
  ASSERT_NE(org, nullptr);
  EXPECT_FALSE(org->properties.contains("description")) << "optional and absent";

  // Link pages were followed, and every request carried the auth header.
  EXPECT_EQ(fixture.requests_to("/user/orgs?per_page=100&page=2"), 1u);
  EXPECT_EQ(fixture.requests_to("/orgs/acme/repos?per_page=100&page=2"), 1u);
  const auto requests = fixture.server().requests();
  EXPECT_EQ(requests.size(), 10u);
  for (const auto& request : requests) {
    EXPECT_EQ(request.headers.at("authorization"), std::string("Bearer ") + kFixtureToken) << request.target;
  }
  EXPECT_FALSE(mentions_token(outcome));
  EXPECT_TRUE(fixture.waits.delays->empty());
  EXPECT_EQ(provider.last_counters().requests, 10u);
}

TEST(HttpProviderGithubTest, DeclaresEveryLabelAndTypeInItsScope) {
  GithubFixture fixture;
  sync::http::HttpProvider provider(fixture.options());
  std::vector<std::string> declared;
  for (const auto& resource : provider.resources()) {
    EXPECT_EQ(resource.scope, "http:test");
    declared.push_back((resource.kind == sync::ResourceScope::Kind::kNode ? "node " : "rel ") +
                       resource.name);
  }
  EXPECT_EQ(declared,
            (std::vector<std::string>{"node GitHubOrganization", "node GitHubRepository", "node GitHubUser",
                                      "node GitHubTeam", "rel RESOURCE", "rel MEMBER_OF", "rel MEMBER"}));
}

TEST(HttpProviderGithubTest, WaitsOutA429AndRetriesA500ThenLoadsEverything) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    FixtureResponse limited = FixtureResponse::json(R"({"message": "slow down"})", 429);
    limited.headers.emplace_back("Retry-After", "7");
    routes.add("/orgs/acme/repos?per_page=100&page=2", limited);
    routes.add("/orgs/acme/repos?per_page=100&page=2", FixtureResponse::json(R"({"message": "oops"})", 500));
  });
  sync::http::HttpProvider provider(fixture.options());
  RecordingSink sink(provider.resources());
  auto outcome = load_as_job(provider, sink);
  ASSERT_TRUE(outcome.ok()) << outcome.job.error;

  EXPECT_EQ(sink.node_keys(), kExpectedNodes);
  EXPECT_EQ(sink.relationship_keys(), kExpectedRelationships);
  EXPECT_EQ(fixture.requests_to("/orgs/acme/repos?per_page=100&page=2"), 3u);
  // Retry-After's seven seconds, then the first step of the backoff after the 500.
  EXPECT_EQ(*fixture.waits.delays, (std::vector<std::chrono::milliseconds>{std::chrono::seconds(7),
                                                                           std::chrono::milliseconds(200)}));
  EXPECT_EQ(provider.last_counters().retries, 2u);
  EXPECT_EQ(provider.last_counters().rate_limited, 1u);
  bool logged_retry = false;
  for (const auto& line : outcome.log_lines) {
    logged_retry = logged_retry || (line.find("HTTP 429") != std::string::npos &&
                                    line.find("/orgs/acme/repos?per_page=100&page=2") != std::string::npos);
  }
  EXPECT_TRUE(logged_retry);
  EXPECT_FALSE(mentions_token(outcome));
}

}  // namespace
}  // namespace opsdeck::testing
