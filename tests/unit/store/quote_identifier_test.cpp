// MariadbConnection::quote_identifier: the only way a name that cannot be bound reaches SQL text.
#include <gtest/gtest.h>

#include <string>

#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::store {
namespace {

TEST(QuoteIdentifierTest, WrapsPlainNamesInBackticks) {
  auto quoted = MariadbConnection::quote_identifier("events");
  ASSERT_TRUE(quoted.ok()) << quoted.error().describe();
  EXPECT_EQ(*quoted, "`events`");
}

TEST(QuoteIdentifierTest, DoublesBackticksAndKeepsOtherCharacters) {
  auto quoted = MariadbConnection::quote_identifier("we`ird; DROP TABLE x -- ' \"");
  ASSERT_TRUE(quoted.ok()) << quoted.error().describe();
  EXPECT_EQ(*quoted, "`we``ird; DROP TABLE x -- ' \"`");
  auto only_backticks = MariadbConnection::quote_identifier("``");
  ASSERT_TRUE(only_backticks.ok());
  EXPECT_EQ(*only_backticks, "``````");
}

TEST(QuoteIdentifierTest, RejectsEmptyNames) {
  auto quoted = MariadbConnection::quote_identifier("");
  ASSERT_FALSE(quoted.ok());
  EXPECT_EQ(quoted.error().category, core::ErrorCategory::kInvalidInput);
  EXPECT_EQ(quoted.error().message, "identifier \"\": is empty; expected 1 to 64 characters without NUL");
}

TEST(QuoteIdentifierTest, RejectsNulAndShowsItEscaped) {
  auto quoted = MariadbConnection::quote_identifier(std::string("ab\0cd", 5));
  ASSERT_FALSE(quoted.ok());
  EXPECT_EQ(quoted.error().category, core::ErrorCategory::kInvalidInput);
  EXPECT_EQ(quoted.error().message,
            "identifier \"ab\\0cd\": contains a NUL byte; expected 1 to 64 characters without NUL");
}

TEST(QuoteIdentifierTest, AcceptsSixtyFourCharactersAndRejectsSixtyFive) {
  EXPECT_TRUE(MariadbConnection::quote_identifier(std::string(64, 'a')).ok());
  auto too_long = MariadbConnection::quote_identifier(std::string(65, 'a'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.error().message.find("is 65 characters long"), std::string::npos)
      << too_long.error().message;
  EXPECT_NE(too_long.error().message.find(std::string(65, 'a')), std::string::npos) << "names the identifier";
}

TEST(QuoteIdentifierTest, CountsCharactersNotBytes) {
  std::string sixty_four_umlauts;
  for (int index = 0; index < 64; ++index) {
    sixty_four_umlauts += "\xC3\xBC";  // u with diaeresis: 2 bytes, 1 character
  }
  EXPECT_TRUE(MariadbConnection::quote_identifier(sixty_four_umlauts).ok());
  EXPECT_FALSE(MariadbConnection::quote_identifier(sixty_four_umlauts + "x").ok());
}

}  // namespace
}  // namespace opsdeck::store
