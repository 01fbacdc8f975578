// Every way the http provider fails: the job fails with a message naming the URL (and the field, for mapping
// fields), nothing claims success, and the token never appears in the error or the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/sync/http_github_fixture.hpp"

namespace opsdeck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Failure {
  LoadOutcome outcome;
  std::string all_text;  // error, status line and every log line
};

Failure load_failing(GithubFixture& fixture, sync::http::HttpProviderOptions options) {
  sync::http::HttpProvider provider(std::move(options));
  RecordingSink sink(provider.resources());
  Failure failure{load_as_job(provider, sink), {}};
  EXPECT_EQ(failure.outcome.job.state, core::JobState::kFailed);
  failure.all_text = failure.outcome.job.error + "\n" + failure.outcome.job.message;
  for (const auto& line : failure.outcome.log_lines) {
    failure.all_text += "\n" + line;
  }
  EXPECT_THAT(failure.all_text, Not(HasSubstr(kFixtureToken)));
  EXPECT_THAT(failure.outcome.job.error, HasSubstr("http provider test: "));
  (void)fixture;
  return failure;
}

TEST(HttpProviderErrorsTest, ServerErrorsAfterTheRetriesFailNamingTheUrl) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      routes.add("/orgs/acme/members?per_page=100", FixtureResponse::json("{}", 503));
    }
  });
  auto failure = load_failing(fixture, fixture.options());
  EXPECT_THAT(failure.outcome.job.error,
              HasSubstr("GET " + fixture.base_url() + "/orgs/acme/members?per_page=100: HTTP 503"));
  EXPECT_THAT(failure.outcome.job.error, HasSubstr("gave up after 3 attempts"));
  EXPECT_EQ(fixture.requests_to("/orgs/acme/members?per_page=100"), 3u);
  EXPECT_EQ(*fixture.waits.delays, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(100),
                                                                           std::chrono::milliseconds(200)}));
  // Nothing after the failure was fetched: globex was never read.
  EXPECT_EQ(fixture.requests_to("/orgs/globex/repos?per_page=100"), 0u);
}

TEST(HttpProviderErrorsTest, MalformedPageFailsNamingTheUrlAndByte) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    routes.add("/orgs/acme/teams?per_page=100", FixtureResponse::json(R"([{"id": 201, "name": "Ops")"));
  });
  auto failure = load_failing(fixture, fixture.options());
  EXPECT_THAT(failure.outcome.job.error, HasSubstr("GET " + fixture.base_url() +
                                                   "/orgs/acme/teams?per_page=100: the response is not valid "
                                                   "JSON at byte"));
  EXPECT_EQ(fixture.requests_to("/orgs/acme/teams?per_page=100"), 1u) << "a malformed page is not retried";
}

TEST(HttpProviderErrorsTest, MissingPropertyFieldFailsNamingUrlItemAndField) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    routes.add("/orgs/acme/repos?per_page=100&page=2",
               FixtureResponse::json(R"([{"id": 13, "name": "web", "private": false, "html_url": "u"}])"));
  });
  auto failure = load_failing(fixture, fixture.options());
  EXPECT_EQ(
      failure.outcome.job.error,
      "http provider test: GET " + fixture.base_url() +
          "/orgs/acme/repos?per_page=100&page=2: item 0 has no field \"full_name\" (property fullname of "
          "resource repo, label GitHubRepository)");
}

TEST(HttpProviderErrorsTest, MissingIdAndMissingPlaceholderFieldFail) {
  GithubFixture missing_id([](ScriptedRoutes& routes, const std::string&) {
    routes.add("/orgs/globex/members?per_page=100", FixtureResponse::json(R"([{"login": "ghost"}])"));
  });
  auto failure = load_failing(missing_id, missing_id.options());
  EXPECT_THAT(failure.outcome.job.error, HasSubstr("/orgs/globex/members?per_page=100: item 0 has no field "
                                                   "\"id\" (the id of resource member"));

  GithubFixture missing_slug([](ScriptedRoutes& routes, const std::string&) {
    routes.add("/orgs/acme/teams?per_page=100", FixtureResponse::json(R"([{"id": 201, "name": "Ops"}])"));
  });
  failure = load_failing(missing_slug, missing_slug.options());
  EXPECT_THAT(failure.outcome.job.error,
              ::testing::AllOf(HasSubstr("/orgs/acme/teams?per_page=100: item 0 has no field \"slug\""),
                               HasSubstr("property slug of resource team")));
}

TEST(HttpProviderErrorsTest, ItemsThatAreNotAnArrayFail) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    routes.add("/user/orgs?per_page=100", FixtureResponse::json(R"({"message": "Not a list"})"));
  });
  auto failure = load_failing(fixture, fixture.options());
  EXPECT_THAT(failure.outcome.job.error,
              HasSubstr("/user/orgs?per_page=100: the body is not an array (the items of resource org)"));
}

TEST(HttpProviderErrorsTest, RejectedCredentialsNameTheHeaderAndItsSourceNotTheValue) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    routes.add("/user/orgs?per_page=100", FixtureResponse::json(R"({"message": "Bad credentials"})", 401));
  });
  auto failure = load_failing(fixture, fixture.options());
  EXPECT_THAT(failure.outcome.job.error,
              HasSubstr("/user/orgs?per_page=100: HTTP 401: the server refused the credentials in header "
                        "Authorization (from $TEST_TOKEN)"));
}

TEST(HttpProviderErrorsTest, AServerEchoingTheTokenStillNeverShowsIt) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    routes.add("/user/orgs?per_page=100",
               FixtureResponse::json(
                   std::string(R"({"message": "token )") + kFixtureToken + R"( is malformed"})", 400));
  });
  auto failure = load_failing(fixture, fixture.options());
  EXPECT_THAT(failure.outcome.job.error,
              HasSubstr("HTTP 400: {\"message\": \"token ******** is malformed\"}"));
}

TEST(HttpProviderErrorsTest, RetryAfterLongerThanTheCapFailsInsteadOfStalling) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    FixtureResponse limited = FixtureResponse::json("{}", 429);
    limited.headers.emplace_back("Retry-After", "3600");
    routes.add("/user/orgs?per_page=100", limited);
  });
  auto failure = load_failing(fixture, fixture.options());
  EXPECT_THAT(
      failure.outcome.job.error,
      HasSubstr("/user/orgs?per_page=100: HTTP 429 rate limited; Retry-After 3600 s is longer than the "
                "120 s this sync waits"));
  EXPECT_TRUE(fixture.waits.delays->empty());
}

TEST(HttpProviderErrorsTest, LinkToAnotherServerIsNotFollowed) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    routes.add("/user/orgs?per_page=100",
               FixtureResponse{200,
                               {{"Link", R"(<https://elsewhere.example/user/orgs?page=2>; rel="next")"}},
                               R"([{"login": "acme", "id": 1, "url": "u"}])"});
  });
  auto failure = load_failing(fixture, fixture.options());
  EXPECT_THAT(failure.outcome.job.error,
              HasSubstr("Link rel=\"next\" points to https://elsewhere.example/user/orgs?page=2, outside "
                        "http://127.0.0.1:"));
}

TEST(HttpProviderErrorsTest, RedirectsAreNotFollowed) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    routes.add("/user/orgs?per_page=100",
               FixtureResponse{301, {{"Location", "https://elsewhere.example/orgs"}}, ""});
  });
  auto failure = load_failing(fixture, fixture.options());
  EXPECT_THAT(failure.outcome.job.error,
              HasSubstr("/user/orgs?per_page=100: HTTP 301 redirect to https://elsewhere.example/orgs"));
}

TEST(HttpProviderErrorsTest, ATimedOutRequestIsRetriedThenFails) {
  GithubFixture fixture([](ScriptedRoutes& routes, const std::string&) {
    FixtureResponse stall;
    stall.stall = true;
    routes.add("/user/orgs?per_page=100", stall);
    routes.add("/user/orgs?per_page=100", stall);
  });
  auto options = fixture.options();
  options.client.timeout = std::chrono::milliseconds(300);
  options.retry.max_retries = 1;
  auto failure = load_failing(fixture, options);
  EXPECT_THAT(failure.outcome.job.error,
              HasSubstr("GET " + fixture.base_url() + "/user/orgs?per_page=100: "));
  EXPECT_THAT(failure.outcome.job.error, HasSubstr("gave up after 2 attempts"));
  EXPECT_EQ(fixture.requests_to("/user/orgs?per_page=100"), 2u);
}

TEST(HttpProviderErrorsTest, ClearTextAuthToANonLoopbackHostIsRefusedBeforeAnyRequest) {
  GithubFixture fixture;
  auto options = fixture.options();
  options.base_url = "http://api.example.com";
  auto status = sync::http::validate_http_provider_options(options);
  ASSERT_FALSE(status);
  EXPECT_EQ(
      status.error().message,
      "http provider test: refusing to send header Authorization in clear text to http://api.example.com; "
      "use https://");
  options.base_url = "https://bob:pw@api.example.com";
  EXPECT_TRUE(sync::http::validate_http_provider_options(options));
  options.base_url = "api.example.com";
  EXPECT_FALSE(sync::http::validate_http_provider_options(options));
}

}  // namespace
}  // namespace opsdeck::testing
