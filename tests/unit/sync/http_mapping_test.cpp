// Mapping files: the shipped GitHub mapping parses into the expected resources, and every kind of mistake
// fails naming the file, the resource and the key.
#include <gtest/gtest.h>

#include "backend/sync/http/http_mapping.hpp"

namespace opsdeck::sync::http {
namespace {

std::string parse_error(const std::string& text) {
  auto mapping = parse_http_mapping(text, "test.json");
  return mapping ? std::string("(parsed)") : mapping.error().message;
}

TEST(HttpMappingTest, ShippedGithubMappingDeclaresOrgsReposUsersAndTeams) {
  auto path = resolve_mapping("github");
  ASSERT_TRUE(path) << path.error().message;
  auto mapping = load_http_mapping(*path);
  ASSERT_TRUE(mapping) << mapping.error().message;
  std::vector<std::string> names;
  for (const auto& resource : mapping->resources) {
    names.push_back(resource.name + ":" + resource.label);
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"org:GitHubOrganization", "repo:GitHubRepository", "member:GitHubUser",
                                      "team:GitHubTeam", "team_member:GitHubUser"}));
  const auto* repo = mapping->find("repo");
  ASSERT_NE(repo, nullptr);
  EXPECT_EQ(repo->parent, "org");
  EXPECT_EQ(repo->pagination.kind, Pagination::Kind::kLink);
  EXPECT_EQ(repo->query, (std::vector<std::pair<std::string, std::string>>{{"per_page", "100"}}));
  ASSERT_EQ(repo->relationships.size(), 1u);
  EXPECT_EQ(repo->relationships[0].target_label, "GitHubOrganization");
  EXPECT_TRUE(repo->relationships[0].incoming);
  const auto* team_member = mapping->find("team_member");
  ASSERT_NE(team_member, nullptr);
  EXPECT_EQ(team_member->path, "/orgs/{org.login}/teams/{team.slug}/members");
}

TEST(HttpMappingTest, ResourceKeysOverrideDefaults) {
  auto mapping = parse_http_mapping(R"({
    "defaults": {"pagination": {"type": "page", "page_param": "p"}, "items": "data"},
    "resources": [
      {"name": "a", "path": "/a", "label": "A", "id": "id"},
      {"name": "b", "path": "/b", "label": "B", "id": "key", "items": "",
       "pagination": {"type": "cursor", "cursor_field": "meta.next"},
       "properties": {"n": "name", "o": {"path": "/x/y", "optional": true}},
       "relationships": [{"type": "HAS", "target_label": "A", "target_id": "a_id", "optional": true}]}
    ]})",
                                    "test.json");
  ASSERT_TRUE(mapping) << mapping.error().message;
  const auto& a = mapping->resources[0];
  EXPECT_EQ(a.pagination.kind, Pagination::Kind::kPage);
  EXPECT_EQ(a.pagination.page_param, "p");
  EXPECT_EQ(a.items_field, "data");
  const auto& b = mapping->resources[1];
  EXPECT_EQ(b.pagination.kind, Pagination::Kind::kCursor);
  EXPECT_EQ(b.pagination.cursor_field, "meta.next");
  EXPECT_EQ(b.pagination.cursor_param, "cursor");
  EXPECT_EQ(b.items_field, "");
  ASSERT_EQ(b.properties.size(), 2u);
  EXPECT_FALSE(b.properties[0].optional);
  EXPECT_TRUE(b.properties[1].optional);
  EXPECT_TRUE(b.relationships[0].optional);
}

TEST(HttpMappingTest, MistakesNameFileResourceAndKey) {
  EXPECT_EQ(parse_error("{\"resources\": [}"), "mapping test.json: not valid JSON at byte 16");
  EXPECT_EQ(parse_error("{}"), "mapping test.json: \"resources\" must be a non-empty array");
  EXPECT_EQ(parse_error(R"({"resources": [{"name": "a", "path": "/a", "id": "id"}]})"),
            "mapping test.json: resources[0] (a): \"label\" is missing");
  EXPECT_EQ(
      parse_error(R"({"resources": [{"name": "a", "parent": "b", "path": "/a", "label": "A", "id": "id"}]})"),
      "mapping test.json: resources[0] (a): \"parent\" \"b\" is not a resource defined above this one");
  EXPECT_EQ(
      parse_error(R"({"resources": [{"name": "a", "path": "/a/{org.login}", "label": "A", "id": "id"}]})"),
      "mapping test.json: resources[0] (a): \"path\" placeholder {org.field} does not name an ancestor of a");
  EXPECT_EQ(
      parse_error(R"({"resources": [{"name": "a", "path": "/a", "label": "A", "id": "id",
                           "relationships": [{"type": "IN", "target": "a"}]}]})"),
      "mapping test.json: resources[0] (a): \"target\" \"a\" is not an ancestor of a (relationship IN)");
  EXPECT_EQ(
      parse_error(R"({"resources": [{"name": "a", "path": "/a", "label": "A", "id": "id",
                           "relationships": [{"type": "IN", "target_label": "B"}]}]})"),
      "mapping test.json: resources[0] (a): \"relationships\" IN needs \"target\" (an ancestor resource) "
      "or \"target_label\" and \"target_id\"");
  EXPECT_EQ(
      parse_error(R"({"resources": [{"name": "a", "path": "/a", "label": "A", "id": "id",
                           "pagination": {"type": "offset"}}]})"),
      "mapping test.json: resources[0] (a): \"pagination.type\" must be none, link, cursor or page (got "
      "\"offset\")");
  EXPECT_EQ(parse_error(R"({"resources": [{"name": "a", "path": "/a", "label": "A", "id": "id"},
                                          {"name": "a", "path": "/b", "label": "B", "id": "id"}]})"),
            "mapping test.json: resources[1] (a): \"name\" is used twice");
}

TEST(HttpMappingTest, UnknownShippedMappingNamesTheFileLookedFor) {
  auto path = resolve_mapping("no-such-api");
  ASSERT_FALSE(path);
  EXPECT_NE(path.error().message.find("no-such-api"), std::string::npos);
}

}  // namespace
}  // namespace opsdeck::sync::http
