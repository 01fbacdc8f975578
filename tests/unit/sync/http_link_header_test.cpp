// The Link header parser: GitHub's form, quoting, several rels, and malformed input that must not produce a
// next page.
#include <gtest/gtest.h>

#include "backend/sync/http/link_header.hpp"

namespace opsdeck::sync::http {
namespace {

TEST(HttpLinkHeaderTest, FindsNextInGithubStyleHeader) {
  const std::string header = R"(<https://api.github.com/orgs/acme/repos?per_page=100&page=2>; rel="next", )"
                             R"(<https://api.github.com/orgs/acme/repos?per_page=100&page=5>; rel="last")";
  EXPECT_EQ(find_link(header, "next"), "https://api.github.com/orgs/acme/repos?per_page=100&page=2");
  EXPECT_EQ(find_link(header, "last"), "https://api.github.com/orgs/acme/repos?per_page=100&page=5");
  EXPECT_EQ(find_link(header, "prev"), std::nullopt);
}

TEST(HttpLinkHeaderTest, AcceptsUnquotedCaseInsensitiveAndMultipleRels) {
  EXPECT_EQ(find_link("</p2>; REL=Next", "next"), "/p2");
  EXPECT_EQ(find_link(R"(</p9>; title="a, b; c"; rel="last next")", "next"), "/p9");
  const auto links = parse_link_header(R"(</a>; rel="prev first", </b>;rel=next)");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].rels, (std::vector<std::string>{"prev", "first"}));
  EXPECT_EQ(links[1].target, "/b");
}

TEST(HttpLinkHeaderTest, KeepsCommasInsideTheTarget) {
  EXPECT_EQ(find_link(R"(<https://x/y?ids=1,2,3>; rel="next")", "next"), "https://x/y?ids=1,2,3");
}

TEST(HttpLinkHeaderTest, OnlyTheFirstRelParameterCounts) {
  EXPECT_EQ(find_link(R"(</a>; rel="prev"; rel="next")", "next"), std::nullopt);
}

TEST(HttpLinkHeaderTest, MalformedHeadersYieldNoNextPage) {
  EXPECT_EQ(find_link("", "next"), std::nullopt);
  EXPECT_EQ(find_link("https://x/p2; rel=next", "next"), std::nullopt);   // no angle brackets
  EXPECT_EQ(find_link("<https://x/p2; rel=next", "next"), std::nullopt);  // '>' never closes
  EXPECT_EQ(find_link("</p2>", "next"), std::nullopt);                    // no rel at all
  EXPECT_EQ(find_link(R"(</p2>; rel="next)", "next"), "/p2");             // unterminated quote: value to end
}

}  // namespace
}  // namespace opsdeck::sync::http
