// The Sync view in the real console: the http provider syncs the GitHub-shaped fixture API (served by this
// test process) into the local stack's MariaDB. The providers table and the run history show the run's
// counts, which are the rows now in the graph tables; the graph browser lists the labels with the counts
// MariaDB has, opens an organisation, follows its first relationship to the node at the far end (a row of
// sync_relationships), and Backspace goes back.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "backend/stack/stack_engine.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "tests/integration/sync/http_github_fixture.hpp"
#include "tests/support/console_session.hpp"

namespace opsdeck::testing {
namespace {

// A sync writes to MariaDB and cleans up; the first one also creates the graph tables.
constexpr std::chrono::milliseconds kSyncTimeout{60000};
constexpr const char* kScope = "http:fx";

std::unique_ptr<store::MariadbConnection> stack_connection() {
  stack::StackSettings settings;
  settings.state_dir = console_state_dir();
  auto connection = store::MariadbConnection::connect(stack::StackEngine(settings).mariadb_options());
  EXPECT_TRUE(connection.ok()) << connection.error().describe();
  return connection.ok() ? std::move(*connection) : nullptr;
}

std::uint64_t count_rows(store::MariadbConnection& connection, const std::string& sql,
                         const std::vector<store::Value>& binds) {
  auto result = connection.execute(sql, binds);
  EXPECT_TRUE(result.ok()) << sql << ": " << result.error().describe();
  if (!result.ok() || result->rows.empty()) {
    return 0;
  }
  auto value = result->rows[0].get<std::uint64_t>(0);
  EXPECT_TRUE(value.ok());
  return value.ok() ? *value : 0;
}

// The http provider's row in the providers table: provider, status, tag, time, nodes, rels, deleted.
struct ProviderRow {
  std::uint64_t tag = 0;
  std::uint64_t nodes = 0;
  std::uint64_t relationships = 0;
  std::uint64_t deleted = 0;
};

std::optional<ProviderRow> http_row(const std::string& screen) {
  static const std::regex row(R"(\bhttp\s+ok\s+(\d+)\s+\S+\s+(\d+)\s+(\d+)\s+(\d+))");
  std::smatch match;
  if (!std::regex_search(screen, match, row)) {
    return std::nullopt;
  }
  return ProviderRow{std::stoull(match[1]), std::stoull(match[2]), std::stoull(match[3]),
                     std::stoull(match[4])};
}

bool has_line_with(const std::string& screen, const std::string& pattern) {
  return std::regex_search(screen, std::regex(pattern));
}

TEST(ConsoleSyncTest, SyncsTheHttpProviderShowsItsCountsAndFollowsARelationshipInTheGraph) {
  GithubFixture api;
  ConsoleSession console(ConsoleOptions::sized(140, 40)
                             .with_environment("OPSDECK_SYNC_PROVIDERS", "http")
                             .with_environment("OPSDECK_SYNC_HTTP_NAME", "fx")
                             .with_environment("OPSDECK_SYNC_HTTP_BASE_URL", api.base_url())
                             .with_environment("OPSDECK_SYNC_HTTP_TOKEN", kFixtureToken));
  ASSERT_TRUE(console.wait_drawn());
  // By name through the palette, so the test does not depend on the tab order.
  console.send_keys({":"});
  console.send_text("sync");
  console.send_keys({"Enter"});
  ASSERT_TRUE(console.wait_for("Run history", kDrawTimeout)) << "the Sync view";
  // The provider's row: "never" on a fresh graph, else the last run the graph's history holds (the state dir
  // is shared by the binary's tests, and --gtest_repeat runs this test again on it).
  ASSERT_TRUE(console.wait_until(
      "the http provider's row",
      [](const std::string& screen) { return has_line_with(screen, R"(\bhttp\s+(never|ok)\b)"); },
      kDrawTimeout));
  const auto previous = http_row(console.capture());

  console.send_keys({"a"});
  ASSERT_TRUE(console.wait_until(
      "the http provider's row with status ok and a new update tag",
      [&](const std::string& screen) {
        const auto row = http_row(screen);
        return row && (!previous || row->tag != previous->tag);
      },
      kSyncTimeout));
  const std::string after_sync = console.capture();
  const ProviderRow shown = *http_row(after_sync);

  // The counts on screen are the rows in MariaDB: the fixture's 2 organisations, 3 repositories, 2 users and
  // 1 team, and the relationships between them, all tagged with the run's update tag.
  auto connection = stack_connection();
  ASSERT_NE(connection, nullptr);
  const std::uint64_t nodes =
      count_rows(*connection, "SELECT COUNT(*) FROM sync_nodes WHERE scope = ? AND lastupdated = ?",
                 {kScope, shown.tag});
  const std::uint64_t relationships =
      count_rows(*connection, "SELECT COUNT(*) FROM sync_relationships WHERE scope = ? AND lastupdated = ?",
                 {kScope, shown.tag});
  EXPECT_EQ(nodes, 8u);
  EXPECT_EQ(shown.nodes, nodes) << after_sync;
  EXPECT_GT(relationships, 0u);
  EXPECT_EQ(shown.relationships, relationships) << after_sync;
  EXPECT_EQ(shown.deleted, 0u) << "the fixture serves the same graph every time: nothing is stale";
  EXPECT_TRUE(has_line_with(after_sync, std::to_string(shown.tag) + "\\s.*\\b1/1 ok\\s+" +
                                            std::to_string(nodes) + " nodes\\s+" +
                                            std::to_string(relationships) + " rels\\s+0 deleted"))
      << "the run history's line\n"
      << after_sync;

  // The graph browser: every label with the count MariaDB has.
  auto labels =
      connection->execute("SELECT label, COUNT(*) FROM sync_nodes GROUP BY label ORDER BY label", {});
  ASSERT_TRUE(labels.ok()) << labels.error().describe();
  ASSERT_FALSE(labels->rows.empty());
  std::vector<std::string> label_rows;
  for (const auto& row : labels->rows) {
    label_rows.push_back("\\b" + row.get<std::string>(0).value() + "\\s+" +
                         std::to_string(row.get<std::uint64_t>(1).value()) + "\\b");
  }
  console.send_keys({"g"});
  ASSERT_TRUE(console.wait_until(
      "every label with its count",
      [&](const std::string& screen) {
        for (const auto& pattern : label_rows) {
          if (!has_line_with(screen, pattern)) {
            return false;
          }
        }
        return true;
      },
      kDrawTimeout));
  ASSERT_TRUE(has_line_with(console.capture(), R"(\bGitHubOrganization\s+2\b)"));

  console.send_keys({"Enter"});  // the first label: GitHubOrganization
  ASSERT_TRUE(console.wait_for("fx:2", kDrawTimeout)) << "the organisations acme (fx:1) and globex (fx:2)";
  console.send_keys({"Enter"});  // its first node
  ASSERT_TRUE(console.wait_until(
      "organisation fx:1 with its relationships",
      [](const std::string& screen) {
        return screen.find("Graph > GitHubOrganization:fx:1") != std::string::npos &&
               screen.find("login: acme") != std::string::npos &&
               screen.find("Relationships (") != std::string::npos;
      },
      kDrawTimeout));

  // The selected (first) relationship, as the view lists it: "→ TYPE Label:id" (outgoing first).
  const std::string node_screen = console.capture();
  std::smatch first;
  ASSERT_TRUE(std::regex_search(
      node_screen, first, std::regex(R"(Relationships \(\d+\)[^\n]*\n[^\n]*?(→|->|←|<-) (\w+) (\w+):(\S+))")))
      << node_screen;
  const bool outgoing = first[1] == "→" || first[1] == "->";
  const std::string type = first[2];
  const std::string other_label = first[3];
  const std::string other_id = first[4];
  // That relationship is a row of sync_relationships.
  EXPECT_EQ(
      count_rows(*connection,
                 outgoing ? "SELECT COUNT(*) FROM sync_relationships WHERE from_label = 'GitHubOrganization'"
                            " AND from_id = 'fx:1' AND type = ? AND to_label = ? AND to_id = ?"
                          : "SELECT COUNT(*) FROM sync_relationships WHERE to_label = 'GitHubOrganization'"
                            " AND to_id = 'fx:1' AND type = ? AND from_label = ? AND from_id = ?",
                 {type, other_label, other_id}),
      1u)
      << first[0];

  console.send_keys({"Enter"});  // follows it
  const std::string crumbs = "Graph > GitHubOrganization:fx:1 > " + other_label + ":" + other_id;
  ASSERT_TRUE(console.wait_until(
      "the node at the far end of " + type + ", with the way back in the breadcrumbs",
      [&](const std::string& screen) {
        return screen.find(crumbs) != std::string::npos && screen.find("lastupdated") != std::string::npos &&
               screen.find("login: acme") == std::string::npos;
      },
      kDrawTimeout));
  // The fixture's repository 11 is acme/api: the organisation's first outgoing relationship leads there.
  const std::string followed = console.capture();
  EXPECT_EQ(other_label + ":" + other_id, "GitHubRepository:fx:11") << node_screen;
  EXPECT_NE(followed.find("fullname: acme/api"), std::string::npos) << followed;
  EXPECT_TRUE(has_line_with(followed, R"((←|<-) RESOURCE GitHubOrganization:fx:1\b)"))
      << "the repository's incoming relationship from the organisation\n"
      << followed;

  console.send_keys({"BSpace"});
  ASSERT_TRUE(console.wait_for("login: acme", kDrawTimeout)) << "Backspace went back to the organisation";
  EXPECT_EQ(console.capture().find(crumbs), std::string::npos);
}

}  // namespace
}  // namespace opsdeck::testing
