// The dump parser: statements split only at top-level semicolons, whatever the chunk boundaries; quotes,
// escapes, doubled quotes and comments; unterminated input reported. And the literal writer it must undo.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backend/backup/mariadb/sql_literal.hpp"
#include "backend/backup/mariadb/sql_statement_splitter.hpp"

namespace opsdeck::backup {
namespace {

struct Split {
  std::vector<std::string> statements;
  std::vector<std::uint64_t> lines;
  core::Status status;
};

// Feeds `sql` in pieces of `piece` bytes.
Split split(const std::string& sql, std::size_t piece) {
  Split result;
  SqlStatementSplitter splitter;
  const StatementSink sink = [&](const SqlStatement& statement) -> core::Status {
    result.statements.emplace_back(statement.text);
    result.lines.push_back(statement.first_line);
    return {};
  };
  for (std::size_t offset = 0; offset < sql.size(); offset += piece) {
    result.status = splitter.feed(std::string_view(sql).substr(offset, piece), sink);
    if (!result.status.ok()) {
      return result;
    }
  }
  result.status = splitter.finish(sink);
  return result;
}

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \n\t");
  const auto end = text.find_last_not_of(" \n\t");
  return begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
}

TEST(SqlStatementSplitterTest, SplitsAtTopLevelSemicolonsForEveryChunkSize) {
  const std::string sql =
      "-- header; not a statement\n"
      "SET NAMES utf8mb4;\n"
      "INSERT INTO `we;ird` VALUES ('a;b', \"c\\\";d\", 'it''s;', 'back\\\\'), ('x');\n"
      "/* block; comment */ SELECT 1 # trailing; comment\n;"
      "/*!40101 SET x=1 */;\n"
      "SELECT 'multi\nline;'\n";
  for (std::size_t piece : {1U, 2U, 3U, 7U, 64U, 4096U}) {
    const Split result = split(sql, piece);
    ASSERT_TRUE(result.status.ok()) << piece;
    ASSERT_EQ(result.statements.size(), 5U) << piece;
    EXPECT_EQ(trimmed(result.statements[0]), "SET NAMES utf8mb4") << piece;
    EXPECT_EQ(trimmed(result.statements[1]),
              "INSERT INTO `we;ird` VALUES ('a;b', \"c\\\";d\", 'it''s;', 'back\\\\'), ('x')");
    EXPECT_EQ(trimmed(result.statements[3]), "/*!40101 SET x=1 */");
    EXPECT_EQ(trimmed(result.statements[4]), "SELECT 'multi\nline;'");
    EXPECT_EQ(result.lines[0], 2U);
    EXPECT_EQ(result.lines[1], 3U);
    EXPECT_EQ(result.lines[4], 6U);
  }
}

TEST(SqlStatementSplitterTest, CommentOnlyInputHasNoStatements) {
  const Split result = split("-- one\n# two\n/* three */\n;\n", 5);
  ASSERT_TRUE(result.status.ok());
  EXPECT_TRUE(result.statements.empty());
}

TEST(SqlStatementSplitterTest, UnterminatedQuoteOrCommentIsAnError) {
  EXPECT_FALSE(split("SELECT 1;\nINSERT INTO t VALUES ('never closed);\n", 4).status.ok());
  EXPECT_FALSE(split("SELECT 1; /* open comment", 4).status.ok());
  const Split result = split("SELECT 1;\nSELECT 'x\\'", 3);
  ASSERT_FALSE(result.status.ok());
  EXPECT_NE(result.status.error().message.find("line 2"), std::string::npos) << result.status.error().message;
}

TEST(SqlStatementSplitterTest, DashesThatAreNotCommentsStayCode) {
  const Split result = split("SELECT 5--1;SELECT 2-1;", 1);
  ASSERT_TRUE(result.status.ok());
  ASSERT_EQ(result.statements.size(), 2U);
  EXPECT_EQ(result.statements[0], "SELECT 5--1");
}

TEST(SqlLiteralTest, EscapesEveryByteThatMatters) {
  std::string out;
  append_quoted_string(out, std::string("a'b\"c\\d\ne\rf\0g\x1ah", 15));
  EXPECT_EQ(out, "'a\\'b\\\"c\\\\d\\ne\\rf\\0g\\Zh'");
  // The escaped literal splits as one statement.
  const Split result = split("SELECT " + out + ";", 1);
  ASSERT_EQ(result.statements.size(), 1U);
}

TEST(SqlLiteralTest, BinaryGoesOutAsHexAndNumbersAreChecked) {
  std::string out;
  append_hex_literal(out, std::string("\x00\xff\x10", 3));
  EXPECT_EQ(out, "0x00ff10");
  out.clear();
  append_hex_literal(out, "");
  EXPECT_EQ(out, "''");
  out.clear();
  append_literal(out, LiteralKind::kNumber, "-1.5e-300");
  EXPECT_EQ(out, "-1.5e-300");
  out.clear();
  append_literal(out, LiteralKind::kNumber, "1); DROP TABLE x; --");
  EXPECT_EQ(out, "'1); DROP TABLE x; --'");
}

}  // namespace
}  // namespace opsdeck::backup
