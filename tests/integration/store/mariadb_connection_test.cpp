// MariadbConnection against a real mariadbd (the shared test fixture): typed round trips of every bind type,
// column-type mapping, transactions, identifier quoting, errors, and reconnecting after a restart.
#include <gtest/gtest.h>

#include <cstdint>
#include <iostream>
#include <limits>
#include <optional>
#include <string>

#include "backend/store/mariadb_connection.hpp"
#include "tests/support/test_servers.hpp"
#include "tests/support/value_of.hpp"

namespace opsdeck::store {
namespace {

using opsdeck::testing::value_of;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class MariadbConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    auto connected = MariadbConnection::connect(opsdeck::testing::mariadb_options());
    ASSERT_TRUE(connected.ok()) << connected.error().describe();
    connection_ = std::move(connected).value();
    ASSERT_TRUE(connection_->execute_plain("DROP TABLE IF EXISTS store_values").ok());
    auto created = connection_->execute_plain(
        "CREATE TABLE store_values (id BIGINT AUTO_INCREMENT PRIMARY KEY, i BIGINT NULL, u BIGINT UNSIGNED "
        "NULL, "
        "d DOUBLE NULL, s VARCHAR(255) CHARACTER SET utf8mb4 NULL, b LONGBLOB NULL, dt DATETIME(6) NULL) "
        "ENGINE=InnoDB");
    ASSERT_TRUE(created.ok()) << created.error().describe();
  }

  void TearDown() override {
    if (connection_) {
      (void)connection_->rollback();
      (void)connection_->execute_plain("DROP TABLE IF EXISTS store_values");
    }
  }

  std::int64_t count_rows() {
    auto counted = connection_->execute("SELECT COUNT(*) FROM store_values");
    EXPECT_TRUE(counted.ok()) << counted.error().describe();
    return counted.ok() ? counted->rows.at(0).get<std::int64_t>(0).value_or(-1) : -1;
  }

  std::unique_ptr<MariadbConnection> connection_;
};

TEST_F(MariadbConnectionTest, RoundTripsEveryBoundType) {
  Bytes blob = {0x00, 0x01, 0x00, 0xFF, 0x7F, 0x00};
  const std::string text = "h\xC3\xA9llo \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x9A\x80 'quoted' \\ \"";
  const DateTime when{2024, 2, 29, 23, 59, 58, 123456};
  const std::vector<std::vector<Value>> rows = {
      {Value{Null{}}, Value{Null{}}, Value{Null{}}, Value{Null{}}, Value{Null{}}, Value{Null{}}},
      {Value{std::numeric_limits<std::int64_t>::min()}, Value{std::numeric_limits<std::uint64_t>::max()},
       Value{-1.5e300}, Value{text}, Value{blob}, Value{when}},
      {Value{std::numeric_limits<std::int64_t>::max()}, Value{std::uint64_t{0}}, Value{0.1},
       Value{std::string()}, Value{Bytes{}}, Value{DateTime{1000, 1, 1, 0, 0, 0, 0}}},
  };
  auto insert =
      connection_->prepare("INSERT INTO store_values (i, u, d, s, b, dt) VALUES (?, ?, ?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok()) << insert.error().describe();
  EXPECT_EQ((*insert)->parameter_count(), 6u);
  std::vector<std::uint64_t> ids;
  for (const auto& binds : rows) {
    auto inserted = (*insert)->execute(binds);
    ASSERT_TRUE(inserted.ok()) << inserted.error().describe();
    EXPECT_EQ(inserted->affected_rows, 1u);
    ids.push_back(inserted->insert_id);
  }
  EXPECT_GT(ids[0], 0u);

  auto select = connection_->prepare("SELECT i, u, d, s, b, dt FROM store_values WHERE id = ?");
  ASSERT_TRUE(select.ok()) << select.error().describe();
  for (std::size_t index = 0; index < rows.size(); ++index) {
    auto selected = (*select)->execute({Value{ids[index]}});
    ASSERT_TRUE(selected.ok()) << selected.error().describe();
    ASSERT_EQ(selected->rows.size(), 1u);
    EXPECT_EQ(selected->columns, (std::vector<std::string>{"i", "u", "d", "s", "b", "dt"}));
    const Row& row = selected->rows[0];
    for (std::size_t column = 0; column < rows[index].size(); ++column) {
      EXPECT_EQ(row.at(column), rows[index][column])
          << "row " << index << " column " << column << ": found " << value_type_name(row.at(column));
    }
  }

  // Typed reads of the same data.
  auto full = (*select)->execute({Value{ids[1]}});
  ASSERT_TRUE(full.ok());
  const Row& row = full->rows.at(0);
  EXPECT_EQ(value_of(row.get<std::int64_t>("i")), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(value_of(row.get<std::uint64_t>("u")), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(value_of(row.get<double>("d")), -1.5e300);
  EXPECT_EQ(value_of(row.get<std::string>("s")), text);
  EXPECT_EQ(value_of(row.get<Bytes>("b")), blob);
  EXPECT_EQ(value_of(row.get<DateTime>("dt")), when);
  auto nulls = (*select)->execute({Value{ids[0]}});
  ASSERT_TRUE(nulls.ok());
  EXPECT_EQ(value_of(nulls->rows.at(0).get<std::optional<std::int64_t>>("i")), std::nullopt);
  EXPECT_EQ(value_of(nulls->rows.at(0).get<std::optional<Bytes>>("b")), std::nullopt);
  auto not_optional = nulls->rows.at(0).get<std::string>("s");
  ASSERT_FALSE(not_optional.ok());
  EXPECT_EQ(
      not_optional.error().message,
      "column `s` (index 3): expected string, found NULL (read it as std::optional<string> to accept NULL)");
}

TEST_F(MariadbConnectionTest, ReadsCellsLargerThanTheRowBuffer) {
  // 3 MiB is above the 1 MiB per-column buffer cap, so the cell comes through mysql_stmt_fetch_column.
  Bytes large(3 * 1024 * 1024);
  for (std::size_t index = 0; index < large.size(); ++index) {
    large[index] = static_cast<std::uint8_t>(index * 7);
  }
  const std::string long_text(250, 'x');  // longer than the 64-byte minimum buffer
  auto inserted = connection_->execute("INSERT INTO store_values (b, s) VALUES (?, ?), (?, ?)",
                                       {Value{large}, Value{long_text}, Value{Bytes{1, 2}}, Value{"short"}});
  ASSERT_TRUE(inserted.ok()) << inserted.error().describe();
  EXPECT_EQ(inserted->affected_rows, 2u);
  auto selected = connection_->execute("SELECT b, s FROM store_values ORDER BY id");
  ASSERT_TRUE(selected.ok()) << selected.error().describe();
  ASSERT_EQ(selected->rows.size(), 2u);
  EXPECT_EQ(value_of(selected->rows[0].get<Bytes>(0)), large);
  EXPECT_EQ(value_of(selected->rows[0].get<std::string>(1)), long_text);
  EXPECT_EQ(value_of(selected->rows[1].get<Bytes>(0)), (Bytes{1, 2}));
  EXPECT_EQ(value_of(selected->rows[1].get<std::string>(1)), "short");
}

TEST_F(MariadbConnectionTest, MapsColumnTypesToValues) {
  auto selected = connection_->execute(
      "SELECT CAST(12.50 AS DECIMAL(6,2)) AS price, CAST('-12:34:56.5' AS TIME(1)) AS span, "
      "DATE('2024-01-02') AS day,"
      " NULL AS nothing, CAST(255 AS UNSIGNED) AS unsigned_value, -3 AS signed_value,"
      " CAST(1.5 AS FLOAT) AS single, CAST('bin' AS BINARY) AS raw, 'text' AS words, TRUE AS yes");
  ASSERT_TRUE(selected.ok()) << selected.error().describe();
  const Row& row = selected->rows.at(0);
  EXPECT_EQ(row.at("price"), Value{std::string("12.50")});
  EXPECT_EQ(row.at("span"), Value{std::string("-12:34:56.5")});
  EXPECT_EQ(row.at("day"), Value{(DateTime{2024, 1, 2, 0, 0, 0, 0})});
  EXPECT_EQ(row.at("nothing"), Value{Null{}});
  EXPECT_EQ(row.at("unsigned_value"), Value{std::uint64_t{255}});
  EXPECT_EQ(row.at("signed_value"), Value{std::int64_t{-3}});
  EXPECT_EQ(row.at("single"), Value{1.5});
  EXPECT_EQ(row.at("words"), Value{std::string("text")});
  EXPECT_TRUE(value_of(row.get<bool>("yes")));
  EXPECT_EQ(row.at("raw"), Value{(Bytes{'b', 'i', 'n'})}) << "binary strings are bytes";

  // BIT columns (not b'...' literals, which are binary strings) read as unsigned numbers.
  ASSERT_TRUE(connection_->execute_plain("CREATE TEMPORARY TABLE store_bits (v BIT(3), y YEAR)").ok());
  ASSERT_TRUE(connection_->execute_plain("INSERT INTO store_bits VALUES (b'101', 2024)").ok());
  auto bits = connection_->execute("SELECT v, y FROM store_bits");
  ASSERT_TRUE(bits.ok()) << bits.error().describe();
  EXPECT_EQ(bits->rows.at(0).at("v"), Value{std::uint64_t{5}}) << value_type_name(bits->rows.at(0).at("v"));
  EXPECT_EQ(value_of(bits->rows.at(0).get<std::int64_t>("y")), 2024);
}

TEST_F(MariadbConnectionTest, PlainQueriesReturnTextOrNull) {
  auto status = connection_->execute_plain("SHOW GLOBAL STATUS LIKE 'Uptime'");
  ASSERT_TRUE(status.ok()) << status.error().describe();
  ASSERT_EQ(status->rows.size(), 1u);
  EXPECT_EQ(value_of(status->rows[0].get<std::string>(0)), "Uptime");
  EXPECT_FALSE(status->rows[0].get<std::string>("Value")->empty());
  auto selected = connection_->execute_plain("SELECT NULL AS a, 42 AS b");
  ASSERT_TRUE(selected.ok());
  EXPECT_EQ(selected->rows.at(0).at("a"), Value{Null{}});
  EXPECT_EQ(selected->rows.at(0).at("b"), Value{std::string("42")});
  auto inserted = connection_->execute_plain("INSERT INTO store_values (i) VALUES (1), (2)");
  ASSERT_TRUE(inserted.ok());
  EXPECT_EQ(inserted->affected_rows, 2u);
  EXPECT_GT(inserted->insert_id, 0u);
}

TEST_F(MariadbConnectionTest, ErrorsNameServerStatementAndCause) {
  const std::string server = connection_->options().describe();
  auto syntax = connection_->execute("SELEKT 1");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().category, core::ErrorCategory::kInvalidInput);
  EXPECT_TRUE(contains(syntax.error().message, "mariadb at " + server + ": preparing `SELEKT 1`: "))
      << syntax.error().message;
  EXPECT_TRUE(contains(syntax.error().message, "(error 1064)")) << syntax.error().message;

  auto missing = connection_->execute("SELECT * FROM no_such_table_here");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().category, core::ErrorCategory::kNotFound);

  ASSERT_TRUE(
      connection_->execute("INSERT INTO store_values (id) VALUES (?)", {Value{std::int64_t{7}}}).ok());
  auto duplicate = connection_->execute("INSERT INTO store_values (id) VALUES (?)", {Value{std::int64_t{7}}});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().category, core::ErrorCategory::kConflict);

  auto wrong_count = connection_->execute("SELECT ? + ?", {Value{std::int64_t{1}}});
  ASSERT_FALSE(wrong_count.ok());
  EXPECT_EQ(wrong_count.error().category, core::ErrorCategory::kInvalidInput);
  EXPECT_TRUE(contains(wrong_count.error().message, "statement `SELECT ? + ?` expects 2 parameters, got 1"))
      << wrong_count.error().message;
  // The connection is still usable after every one of those.
  EXPECT_TRUE(connection_->ping().ok());
}

TEST_F(MariadbConnectionTest, ConnectFailuresNameTheServerButNeverThePassword) {
  MariadbOptions options = opsdeck::testing::mariadb_options();
  options.user = "opsdeck_nobody";
  options.password = core::Secret("pw-that-must-not-leak-123");
  auto refused = MariadbConnection::connect(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(contains(refused.error().message, "mariadb at " + options.describe() + ": connecting failed: "))
      << refused.error().message;
  EXPECT_FALSE(contains(refused.error().message, "pw-that-must-not-leak-123")) << refused.error().message;

  MariadbOptions nowhere = opsdeck::testing::mariadb_options();
  nowhere.socket = "/nonexistent/opsdeck/mysqld.sock";
  auto unreachable = MariadbConnection::connect(nowhere);
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.error().category, core::ErrorCategory::kUnavailable);
  EXPECT_TRUE(contains(unreachable.error().message, "mariadb at socket /nonexistent/opsdeck/mysqld.sock"))
      << unreachable.error().message;
}

TEST_F(MariadbConnectionTest, TlsIsEnforcedWhenRequested) {
  EXPECT_FALSE(connection_->tls_in_use());
  EXPECT_FALSE(connection_->server_version().empty());
  // The fixture's server has no certificate: asking for TLS must fail rather than fall back to plain text.
  MariadbOptions options = opsdeck::testing::mariadb_options();
  options.tls.enabled = true;
  auto connected = MariadbConnection::connect(options);
  if (connected.ok()) {
    EXPECT_TRUE((*connected)->tls_in_use()) << "connected without TLS although TLS was required";
  } else {
    EXPECT_TRUE(contains(connected.error().message, "SSL") || contains(connected.error().message, "TLS"))
        << connected.error().message;
    std::cout << "TLS refused as expected: " << connected.error().message << "\n";
  }
}

TEST_F(MariadbConnectionTest, CommitKeepsRowsAndRollbackDiscardsThem) {
  {
    auto transaction = Transaction::begin(*connection_);
    ASSERT_TRUE(transaction.ok()) << transaction.error().describe();
    EXPECT_TRUE(connection_->in_transaction());
    ASSERT_TRUE(
        connection_->execute("INSERT INTO store_values (i) VALUES (?)", {Value{std::int64_t{1}}}).ok());
    ASSERT_TRUE(transaction->commit().ok());
    EXPECT_FALSE(connection_->in_transaction());
  }
  EXPECT_EQ(count_rows(), 1);
  {
    auto transaction = Transaction::begin(*connection_);
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(
        connection_->execute("INSERT INTO store_values (i) VALUES (?)", {Value{std::int64_t{2}}}).ok());
    EXPECT_EQ(count_rows(), 2) << "visible inside the transaction";
    // Leaves the scope without commit(): rolled back.
  }
  EXPECT_FALSE(connection_->in_transaction());
  EXPECT_EQ(count_rows(), 1);

  ASSERT_TRUE(connection_->begin().ok());
  auto again = connection_->begin();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().category, core::ErrorCategory::kConflict);
  ASSERT_TRUE(connection_->execute("INSERT INTO store_values (i) VALUES (3)").ok());
  ASSERT_TRUE(connection_->rollback().ok());
  EXPECT_EQ(count_rows(), 1);
  EXPECT_FALSE(connection_->commit().ok()) << "commit() without a transaction";
}

TEST_F(MariadbConnectionTest, QuotedIdentifiersWorkForWeirdTableNames) {
  const std::string weird =
      "we`ird t\xC3\xA5"
      "ble; DROP TABLE store_values; --";
  auto quoted = MariadbConnection::quote_identifier(weird);
  ASSERT_TRUE(quoted.ok()) << quoted.error().describe();
  ASSERT_TRUE(connection_->execute_plain("CREATE TABLE " + *quoted + " (v INT)").ok());
  ASSERT_TRUE(
      connection_->execute("INSERT INTO " + *quoted + " (v) VALUES (?)", {Value{std::int64_t{5}}}).ok());
  auto tables = connection_->execute(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
      {Value{weird}});
  ASSERT_TRUE(tables.ok()) << tables.error().describe();
  ASSERT_EQ(tables->rows.size(), 1u) << "the table has exactly the weird name";
  auto selected = connection_->execute("SELECT v FROM " + *quoted);
  ASSERT_TRUE(selected.ok());
  EXPECT_EQ(value_of(selected->rows.at(0).get<std::int64_t>(0)), 5);
  EXPECT_TRUE(connection_->execute_plain("DROP TABLE " + *quoted).ok());
  EXPECT_EQ(count_rows(), 0) << "store_values survived";
}

TEST_F(MariadbConnectionTest, RetriesOnceWhenTheConnectionIsKilled) {
  auto admin = MariadbConnection::connect(opsdeck::testing::mariadb_options());
  ASSERT_TRUE(admin.ok());
  auto select_id = connection_->prepare("SELECT CONNECTION_ID()");
  ASSERT_TRUE(select_id.ok());
  auto first = (*select_id)->execute();
  ASSERT_TRUE(first.ok());
  const auto killed_id = value_of(first->rows.at(0).get<std::uint64_t>(0));
  ASSERT_TRUE((*admin)->execute_plain("KILL CONNECTION " + std::to_string(killed_id)).ok());

  auto second = (*select_id)->execute();
  ASSERT_TRUE(second.ok()) << second.error().describe();
  EXPECT_NE(value_of(second->rows.at(0).get<std::uint64_t>(0)), killed_id) << "a new connection";
}

TEST_F(MariadbConnectionTest, ReconnectsAndReprepareAfterServerRestart) {
  auto insert = connection_->prepare("INSERT INTO store_values (i) VALUES (?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE((*insert)->execute({Value{std::int64_t{1}}}).ok());

  ASSERT_TRUE(opsdeck::testing::restart_mariadb());

  auto after_restart = (*insert)->execute({Value{std::int64_t{2}}});
  ASSERT_TRUE(after_restart.ok()) << after_restart.error().describe();
  EXPECT_EQ(count_rows(), 2);
  EXPECT_TRUE(connection_->ping().ok());

  ASSERT_TRUE(opsdeck::testing::restart_mariadb());
  EXPECT_TRUE(connection_->ping().ok()) << "ping reconnects too";
  auto plain = connection_->execute_plain("SELECT 1");
  ASSERT_TRUE(plain.ok()) << plain.error().describe();
}

TEST_F(MariadbConnectionTest, LosingTheServerInsideATransactionIsReported) {
  auto transaction = Transaction::begin(*connection_);
  ASSERT_TRUE(transaction.ok());
  ASSERT_TRUE(connection_->execute("INSERT INTO store_values (i) VALUES (1)").ok());

  ASSERT_TRUE(opsdeck::testing::restart_mariadb());

  auto lost = connection_->execute("INSERT INTO store_values (i) VALUES (2)");
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().category, core::ErrorCategory::kUnavailable);
  EXPECT_TRUE(contains(lost.error().message, "the transaction was lost")) << lost.error().message;
  auto still_lost = connection_->execute("SELECT 1");
  ASSERT_FALSE(still_lost.ok()) << "no silent retry outside the lost transaction";
  auto committed = transaction->commit();
  ASSERT_FALSE(committed.ok());
  EXPECT_TRUE(contains(committed.error().message, "nothing was committed")) << committed.error().message;
  EXPECT_FALSE(connection_->in_transaction());

  // The connection comes back for the next statement, and neither insert survived.
  EXPECT_EQ(count_rows(), 0);
}

TEST_F(MariadbConnectionTest, ClearErrorWhenTheServerIsGoneForGood) {
  ASSERT_TRUE(connection_->execute("SELECT 1").ok());
  ASSERT_TRUE(opsdeck::testing::stop_mariadb());

  auto gone = connection_->execute("SELECT 1");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().category, core::ErrorCategory::kUnavailable);
  const std::string expected_start =
      "mariadb at " + connection_->options().describe() + ": server went away and reconnecting failed: ";
  EXPECT_TRUE(gone.error().message.starts_with(expected_start)) << gone.error().message;
  auto ping = connection_->ping();
  ASSERT_FALSE(ping.ok());
  EXPECT_TRUE(ping.error().message.starts_with(expected_start)) << ping.error().message;

  ASSERT_TRUE(opsdeck::testing::start_mariadb());
  auto back = connection_->execute("SELECT 1");
  ASSERT_TRUE(back.ok()) << back.error().describe();
}

}  // namespace
}  // namespace opsdeck::store
