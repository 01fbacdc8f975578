// URL helpers and field lookup of the http provider: templates from parent items, query building, origins,
// relative Link targets, and user:password never shown.
#include <gtest/gtest.h>

#include "backend/sync/http/http_url.hpp"
#include "backend/sync/http/json_field.hpp"

namespace opsdeck::sync::http {
namespace {

using nlohmann::json;

TEST(HttpJsonFieldTest, DottedPathsAndJsonPointersWalkObjectsAndArrays) {
  const json item = json::parse(R"({"owner": {"id": 7, "a/b": "slash", "t~x": 1}, "topics": ["db", "ops"]})");
  ASSERT_NE(find_field(item, "owner.id"), nullptr);
  EXPECT_EQ(*find_field(item, "owner.id"), 7);
  EXPECT_EQ(*find_field(item, "/owner/id"), 7);
  EXPECT_EQ(*find_field(item, "topics.1"), "ops");
  EXPECT_EQ(*find_field(item, "/topics/0"), "db");
  EXPECT_EQ(*find_field(item, "/owner/a~1b"), "slash");
  EXPECT_EQ(*find_field(item, "/owner/t~0x"), 1);
  EXPECT_EQ(find_field(item, "owner.name"), nullptr);
  EXPECT_EQ(find_field(item, "topics.2"), nullptr);
  EXPECT_EQ(find_field(item, "topics.x"), nullptr);
  EXPECT_EQ(find_field(item, "owner.id.deeper"), nullptr);
  EXPECT_EQ(find_field(item, ""), &item);
}

TEST(HttpJsonFieldTest, ScalarTextForIds) {
  std::string text;
  EXPECT_TRUE(scalar_text(json(42), text));
  EXPECT_EQ(text, "42");
  EXPECT_TRUE(scalar_text(json("acme"), text));
  EXPECT_EQ(text, "acme");
  EXPECT_TRUE(scalar_text(json(true), text));
  EXPECT_EQ(text, "true");
  EXPECT_FALSE(scalar_text(json(nullptr), text));
  EXPECT_FALSE(scalar_text(json::object(), text));
}

TEST(HttpUrlTest, ExpandsPlaceholdersFromAncestorsPercentEncoded) {
  const json org = json::parse(R"({"login": "acme corp/eu"})");
  const json team = json::parse(R"({"slug": "ops", "id": 5})");
  const Ancestors ancestors{{"org", &org}, {"team", &team}};
  auto path = expand_path_template("/orgs/{org.login}/teams/{team.slug}/members", ancestors);
  ASSERT_TRUE(path) << path.error().message;
  EXPECT_EQ(*path, "/orgs/acme%20corp%2Feu/teams/ops/members");
  EXPECT_EQ(*expand_path_template("/user/orgs", {}), "/user/orgs");
}

TEST(HttpUrlTest, PlaceholderErrorsNameTheFieldAndTheTemplate) {
  const json org = json::parse(R"({"id": 1})");
  auto missing = expand_path_template("/orgs/{org.login}/repos", {{"org", &org}});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("\"login\""), std::string::npos) << missing.error().message;
  EXPECT_NE(missing.error().message.find("/orgs/{org.login}/repos"), std::string::npos);
  EXPECT_FALSE(expand_path_template("/teams/{team.slug}", {{"org", &org}}));
  EXPECT_FALSE(expand_path_template("/orgs/{org.login", {{"org", &org}}));
  EXPECT_EQ(*template_references("/a/{org.login}/b/{team.slug}"), (std::vector<std::string>{"org", "team"}));
  EXPECT_FALSE(template_references("/a/{nodot}"));
}

TEST(HttpUrlTest, AppendsQueryParameters) {
  EXPECT_EQ(append_query("https://x/a", "per_page", "100"), "https://x/a?per_page=100");
  EXPECT_EQ(append_query("https://x/a?per_page=100", "cursor", "b+c/="),
            "https://x/a?per_page=100&cursor=b%2Bc%2F%3D");
}

TEST(HttpUrlTest, OriginsCompareSchemeHostAndPort) {
  EXPECT_EQ(url_origin("https://API.example.com/v3/orgs?x=1"), "https://api.example.com");
  EXPECT_EQ(url_origin("https://api.example.com:443/v3"), "https://api.example.com");
  EXPECT_EQ(url_origin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(url_origin("https://user:pw@host/x"), "https://host");
  EXPECT_EQ(url_origin("ftp://host/x"), "");
  EXPECT_EQ(url_origin("/relative"), "");
}

TEST(HttpUrlTest, ResolvesRelativeLinkTargets) {
  const std::string base = "https://h:8443/api/v1/items?page=1";
  EXPECT_EQ(resolve_reference(base, "https://other/x"), "https://other/x");
  EXPECT_EQ(resolve_reference(base, "/api/v1/items?page=2"), "https://h:8443/api/v1/items?page=2");
  EXPECT_EQ(resolve_reference(base, "?page=2"), "https://h:8443/api/v1/items?page=2");
  EXPECT_EQ(resolve_reference(base, "more?page=2"), "https://h:8443/api/v1/more?page=2");
  EXPECT_EQ(resolve_reference(base, "//cdn/x"), "https://cdn/x");
}

TEST(HttpUrlTest, DisplayableUrlHidesUserInfo) {
  EXPECT_EQ(displayable_url("https://bob:hunter2@api.example.com/x?y=1"),
            "https://***@api.example.com/x?y=1");
  EXPECT_EQ(displayable_url("https://api.example.com/a@b"), "https://api.example.com/a@b");
}

}  // namespace
}  // namespace opsdeck::sync::http
