// Cursor-in-the-body and page-number pagination (Link pagination is covered with the GitHub mapping), item
// arrays inside the body, relationships by target id, and the page bound against a server that never ends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backend/sync/http/http_provider.hpp"
#include "tests/integration/sync/http_provider_harness.hpp"
#include "tests/support/http_fixture_server.hpp"

namespace opsdeck::testing {
namespace {

constexpr const char* kMapping = R"({
  "resources": [
    {"name": "project", "path": "/api/projects", "label": "Project", "id": "key", "items": "data",
     "query": {"limit": 2},
     "pagination": {"type": "cursor", "cursor_field": "meta.next_cursor", "cursor_param": "after"},
     "properties": {"title": "/attributes/title"},
     "relationships": [{"type": "OWNED_BY", "target_label": "Person", "target_id": "owner.id", "optional": true}]},
    {"name": "person", "path": "/api/people", "label": "Person", "id": "id", "query": {"size": 2},
     "pagination": {"type": "page", "page_param": "page", "first_page": 1, "max_pages": 5},
     "properties": {"name": "name"}}
  ]})";

sync::http::HttpProviderOptions options_for(const HttpFixtureServer& server) {
  sync::http::HttpProviderOptions options;
  options.name = "crm";
  options.base_url = server.base_url() + "/";
  auto mapping = sync::http::parse_http_mapping(kMapping, "inline");
  EXPECT_TRUE(mapping) << (mapping ? "" : mapping.error().message);
  options.mapping = std::move(mapping).value();
  options.retry.max_retries = 0;
  return options;
}

std::vector<std::string> targets(const HttpFixtureServer& server) {
  std::vector<std::string> out;
  for (const auto& request : server.requests()) {
    out.push_back(request.target);
  }
  return out;
}

TEST(HttpProviderPaginationTest, FollowsBodyCursorsAndPageNumbersUntilAnEmptyPage) {
  ScriptedRoutes routes;
  routes.add("/api/projects?limit=2", FixtureResponse::json(R"({"data": [
      {"key": "p1", "attributes": {"title": "One"}, "owner": {"id": 7}},
      {"key": "p2", "attributes": {"title": "Two"}, "owner": null}], "meta": {"next_cursor": "abc=="}})"));
  routes.add("/api/projects?limit=2&after=abc%3D%3D", FixtureResponse::json(R"({"data": [
      {"key": "p3", "attributes": {"title": "Three"}, "owner": {"id": 8}}], "meta": {"next_cursor": null}})"));
  routes.add("/api/people?size=2&page=1",
             FixtureResponse::json(R"([{"id": 7, "name": "Ann"}, {"id": 8, "name": "Ben"}])"));
  routes.add("/api/people?size=2&page=2", FixtureResponse::json(R"([{"id": 9, "name": "Cy"}])"));
  routes.add("/api/people?size=2&page=3", FixtureResponse::json("[]"));
  HttpFixtureServer server(routes.handler());
  sync::http::HttpProvider provider(options_for(server));
  RecordingSink sink(provider.resources());
  auto outcome = load_as_job(provider, sink);
  ASSERT_TRUE(outcome.ok()) << outcome.job.error;

  EXPECT_EQ(sink.node_keys(),
            (std::vector<std::string>{"Person crm:7", "Person crm:8", "Person crm:9", "Project crm:p1",
                                      "Project crm:p2", "Project crm:p3"}));
  EXPECT_EQ(sink.relationship_keys(), (std::vector<std::string>{"Project:crm:p1 -OWNED_BY-> Person:crm:7",
                                                                "Project:crm:p3 -OWNED_BY-> Person:crm:8"}));
  EXPECT_EQ(sink.find_node("Project", "crm:p3")->properties, nlohmann::json::parse(R"({"title": "Three"})"));
  EXPECT_EQ(targets(server),
            (std::vector<std::string>{"/api/projects?limit=2", "/api/projects?limit=2&after=abc%3D%3D",
                                      "/api/people?size=2&page=1", "/api/people?size=2&page=2",
                                      "/api/people?size=2&page=3"}));
  EXPECT_EQ(outcome.job.progress.done, 6);
  for (const auto& request : server.requests()) {
    EXPECT_FALSE(request.headers.contains("authorization")) << "no token configured, no header";
  }
}

TEST(HttpProviderPaginationTest, AServerThatNeverEndsIsCutAtMaxPagesAndFails) {
  HttpFixtureServer server([](const FixtureRequest& request) {
    if (request.path == "/api/projects") {
      return FixtureResponse::json(R"({"data": [], "meta": {}})");
    }
    return FixtureResponse::json(R"([{"id": )" + request.query.at("page") + R"(, "name": "again"}])");
  });
  sync::http::HttpProvider provider(options_for(server));
  RecordingSink sink(provider.resources());
  auto outcome = load_as_job(provider, sink);
  ASSERT_EQ(outcome.job.state, core::JobState::kFailed);
  EXPECT_THAT(outcome.job.error,
              ::testing::HasSubstr("/api/people?size=2&page=6: resource person has more than 5 "
                                   "pages (max_pages in the mapping); not all of it was read"));
  EXPECT_EQ(server.requests().size(), 6u);  // the projects page and five people pages
}

TEST(HttpProviderPaginationTest, MissingTargetIdFieldFailsUnlessOptional) {
  ScriptedRoutes routes;
  auto mapping_text = std::string(kMapping);
  mapping_text.replace(mapping_text.find(R"(, "optional": true}]})"), 20, "}]");
  routes.add(
      "/api/projects?limit=2",
      FixtureResponse::json(R"({"data": [{"key": "p1", "attributes": {"title": "One"}}], "meta": {}})"));
  HttpFixtureServer server(routes.handler());
  auto options = options_for(server);
  options.mapping = sync::http::parse_http_mapping(mapping_text, "inline").value();
  sync::http::HttpProvider provider(std::move(options));
  RecordingSink sink(provider.resources());
  auto outcome = load_as_job(provider, sink);
  ASSERT_EQ(outcome.job.state, core::JobState::kFailed);
  EXPECT_EQ(outcome.job.error, "http provider crm: GET " + server.base_url() +
                                   "/api/projects?limit=2: item 0 has no field \"owner.id\" (target id of "
                                   "relationship OWNED_BY of resource project, label Project)");
}

}  // namespace
}  // namespace opsdeck::testing
