// Shared helpers for the MariaDB backup tests: a connection to the private test server, fresh databases,
// and the per-table CHECKSUM TABLE of a database (the equality every round trip is judged by).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backend/store/mariadb_connection.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck::backup::testing {

inline std::unique_ptr<store::MariadbConnection> connect_or_fail() {
  auto connection = store::MariadbConnection::connect(opsdeck::testing::mariadb_options());
  EXPECT_TRUE(connection.ok()) << (connection.ok() ? "" : connection.error().describe());
  return connection.ok() ? std::move(connection).value() : nullptr;
}

inline std::string sql_name(const std::string& name) {
  auto quoted_name = store::MariadbConnection::quote_identifier(name);
  EXPECT_TRUE(quoted_name.ok());
  return quoted_name.ok() ? *quoted_name : std::string("`invalid`");
}

inline void run(store::MariadbConnection& connection, const std::string& sql,
                const std::vector<store::Value>& binds = {}) {
  auto result = binds.empty() ? connection.execute_plain(sql) : connection.execute(sql, binds);
  ASSERT_TRUE(result.ok()) << sql << ": " << result.error().describe();
}

// A database name unique to this test run.
inline std::string fresh_database(store::MariadbConnection& connection, const std::string& stem) {
  static std::atomic<int> counter{0};
  const std::string name = "bk_" + stem + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  run(connection, "DROP DATABASE IF EXISTS " + sql_name(name));
  run(connection, "CREATE DATABASE " + sql_name(name) + " CHARACTER SET utf8mb4");
  return name;
}

// table -> "rows/checksum" for every base table of `database`.
inline std::map<std::string, std::string> checksums(store::MariadbConnection& connection,
                                                    const std::string& database) {
  std::map<std::string, std::string> result;
  auto tables = connection.execute_plain("SHOW FULL TABLES FROM " + sql_name(database));
  EXPECT_TRUE(tables.ok()) << tables.error().describe();
  if (!tables.ok()) {
    return result;
  }
  for (const auto& row : tables->rows) {
    if (row.get<std::string>(1).value_or("") != "BASE TABLE") {
      continue;
    }
    const std::string table = row.get<std::string>(0).value_or("");
    const std::string name = sql_name(database) + "." + sql_name(table);
    auto count = connection.execute_plain("SELECT COUNT(*) FROM " + name);
    auto checksum = connection.execute_plain("CHECKSUM TABLE " + name);
    EXPECT_TRUE(count.ok() && checksum.ok());
    if (count.ok() && checksum.ok()) {
      result[table] = count->rows.at(0).get<std::string>(0).value_or("?") + "/" +
                      checksum->rows.at(0).get<std::string>(1).value_or("NULL");
    }
  }
  return result;
}

inline std::int64_t scalar(store::MariadbConnection& connection, const std::string& sql) {
  auto result = connection.execute_plain(sql);
  EXPECT_TRUE(result.ok()) << sql << ": " << (result.ok() ? "" : result.error().describe());
  if (!result.ok() || result->rows.empty()) {
    return -1;
  }
  // The text protocol returns numbers as text.
  const auto text = result->rows.at(0).get<std::string>(0);
  return text.ok() ? std::stoll(*text) : -1;
}

}  // namespace opsdeck::backup::testing
