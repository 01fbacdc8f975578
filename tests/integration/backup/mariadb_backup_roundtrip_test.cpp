// MariaDB dump and restore against the private test server: every column type, NULLs, all 256 byte values,
// unicode beyond the BMP, views on views; CHECKSUM TABLE must come back equal through opsdeck's restore and
// through the real `mariadb` client reading the same file.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "backend/backup/mariadb/mariadb_dump.hpp"
#include "backend/backup/mariadb/mariadb_restore.hpp"
#include "backend/core/process.hpp"
#include "tests/integration/backup/mariadb_backup_fixture.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup {
namespace {

using namespace opsdeck::backup::testing;

constexpr const char* kEveryType = R"(CREATE TABLE every_type (
  id INT AUTO_INCREMENT PRIMARY KEY,
  ti TINYINT, si SMALLINT UNSIGNED, mi MEDIUMINT, bi BIGINT, bu BIGINT UNSIGNED,
  de DECIMAL(30,10), fl FLOAT, db DOUBLE, bt BIT(13), bo BOOLEAN,
  d DATE, dt DATETIME(6), ts TIMESTAMP(3) NULL DEFAULT NULL, tm TIME(2), yr YEAR,
  ch CHAR(10), vc VARCHAR(200), tx TEXT, mt MEDIUMTEXT, l1 VARCHAR(50) CHARACTER SET latin1,
  bn BINARY(4), vb VARBINARY(300), bl BLOB, lb LONGBLOB,
  en ENUM('a','b','c'), st SET('x','y','z'), js JSON, gm POINT, u4 UUID, ip INET6,
  gen INT AS (ti + 1) VIRTUAL, gst INT AS (si * 2) PERSISTENT
) ENGINE=InnoDB)";

constexpr const char* kInsert =
    "INSERT INTO every_type (ti, si, mi, bi, bu, de, fl, db, bt, bo, d, dt, ts, tm, yr, ch, vc, tx, mt, l1, "
    "bn, "
    "vb, bl, lb, en, st, js, gm, u4, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, b'1010101010101', ?, ?, ?, ?, ?, ?, "
    "?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ST_GeomFromText(?), ?, ?)";

std::string all_bytes() {
  std::string bytes;
  for (int value = 0; value < 256; ++value) {
    bytes.push_back(static_cast<char>(value));
  }
  return bytes;
}

store::Bytes as_bytes(const std::string& text) {
  return store::Bytes(text.begin(), text.end());
}

void fill_source(store::MariadbConnection& connection, const std::string& database) {
  run(connection, "USE " + sql_name(database));
  run(connection, kEveryType);
  run(connection, "INSERT INTO every_type () VALUES ()");  // every column NULL
  const std::string tricky =
      "it's \"q\" \\ back\\slash\n\r\t nul:" + std::string(1, '\0') + " ctrl-z:\x1a ;--";
  const std::string unicode = "h\xC3\xA9llo \xF0\x9F\x8C\x8D \xE2\x9C\x93 \xE4\xB8\xAD\xE6\x96\x87";
  const std::vector<store::Value> row = {std::int64_t{-128},
                                         std::int64_t{65535},
                                         std::int64_t{-8388608},
                                         std::int64_t{INT64_MIN},
                                         std::uint64_t{UINT64_MAX},
                                         std::string("-12345678901234567890.0123456789"),
                                         3.14159,
                                         0.1 + 0.2,
                                         std::int64_t{1},
                                         std::string("1000-01-01"),
                                         std::string("9999-12-31 23:59:59.999999"),
                                         std::string("2038-01-19 03:14:07.499"),
                                         std::string("-838:59:59.00"),
                                         std::int64_t{2155},
                                         std::string("short"),
                                         tricky,
                                         unicode + " " + tricky,
                                         std::string(70000, 'm'),
                                         std::string("caf\xC3\xA9"),
                                         as_bytes(std::string("\0\xFF\x01\x7F", 4)),
                                         as_bytes(all_bytes()),
                                         as_bytes(all_bytes()),
                                         as_bytes(all_bytes() + all_bytes()),
                                         std::string("b"),
                                         std::string("x,z"),
                                         std::string(R"({"k": "v\"x", "emoji": "🌍", "n": [1, 2.5, null]})"),
                                         std::string("POINT(1.5 -2.25)"),
                                         std::string("123e4567-e89b-12d3-a456-426614174000"),
                                         std::string("2001:db8::ff00:42:8329")};
  run(connection, kInsert, row);
  // Doubles that need all 17 digits, extremes of float.
  run(connection, "INSERT INTO every_type (fl, db, de, vb) VALUES (?, ?, ?, ?)",
      {3.4028234e38, 1.7976931348623157e308, std::string("0.0000000001"), as_bytes("")});
  run(connection, "INSERT INTO every_type (fl, db) VALUES (?, ?)",
      {-1.17549435e-38, 4.9406564584124654e-324});
  run(connection, "INSERT INTO every_type (fl, db, vc) VALUES (?, ?, ?)",
      {1.0 / 3.0, 2.0 / 3.0, std::string("\xF0\x9F\x98\x80\xF0\x9F\x92\xA9")});
  // Many rows without a primary key (one streamed SELECT) and with one (read in chunks).
  run(connection, "CREATE TABLE no_key (a INT, b VARCHAR(40)) ENGINE=InnoDB");
  run(connection, "CREATE TABLE keyed (id BIGINT PRIMARY KEY, payload VARBINARY(64)) ENGINE=InnoDB");
  run(connection, "INSERT INTO no_key SELECT seq, CONCAT('row ', seq, ' \\'') FROM seq_1_to_3000");
  run(connection,
      "INSERT INTO keyed SELECT CAST(seq AS SIGNED) * 3 - 1000, UNHEX(SHA2(seq, 256)) FROM seq_1_to_5000");
  run(connection, "CREATE VIEW v_late AS SELECT id, vc FROM every_type WHERE vc IS NOT NULL");
  run(connection, "CREATE VIEW a_view_on_view AS SELECT COUNT(*) AS n FROM v_late");
}

core::Result<int> restore_with_client(const std::filesystem::path& dump, const std::string& database) {
  core::SpawnOptions spawn;
  spawn.argv = {"/bin/sh",
                "-c",
                "exec mariadb --socket=\"$1\" \"$2\" < \"$3\"",
                "sh",
                opsdeck::testing::mariadb_options().socket,
                database,
                dump.string()};
  spawn.stdout_target = core::OutputTarget::pipe();
  spawn.stderr_target = core::OutputTarget::same_as_stdout();
  auto run_result = core::run_and_capture(spawn, std::chrono::minutes(5));
  OPSDECK_TRY(run_result);
  EXPECT_TRUE(run_result->status.success()) << run_result->output;
  return run_result->status.code;
}

class MariadbBackupRoundTripTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    connection_ = connect_or_fail();
    ASSERT_NE(connection_, nullptr);
    source_ = fresh_database(*connection_, "src");
    fill_source(*connection_, source_);
  }

  std::unique_ptr<store::MariadbConnection> connection_;
  std::string source_;
  opsdeck::testing::TemporaryDirectory directory_;
};

TEST_F(MariadbBackupRoundTripTest, RestoredByOpsdeckAndByTheMariadbClientWithEqualChecksums) {
  MariadbDumpOptions options;
  options.max_statement_bytes = 4096;  // many statements, so batching and splitting are exercised
  options.chunk_rows = 700;            // `keyed` is read in several key ranges
  auto dumped = dump_mariadb_databases(opsdeck::testing::mariadb_options(), {source_}, directory_.path(),
                                       options, nullptr);
  ASSERT_TRUE(dumped.ok()) << dumped.error().describe();
  ASSERT_EQ(dumped->databases.size(), 1U);
  const auto& dump = dumped->databases.front();
  EXPECT_EQ((std::filesystem::status(dump.file).permissions() & std::filesystem::perms::all),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  const auto before = checksums(*connection_, source_);
  ASSERT_EQ(before.size(), 3U);
  std::map<std::string, std::string> recorded;
  for (const auto& object : dump.objects) {
    if (object.kind == "table") {
      ASSERT_TRUE(object.checksum.has_value()) << object.name;
      recorded[object.name] = std::to_string(object.rows) + "/" + std::to_string(*object.checksum);
    }
  }
  EXPECT_EQ(recorded, before);
  EXPECT_EQ(recorded["keyed"], "5000/" + before.at("keyed").substr(5));

  // opsdeck's restore into a new database, verified against the dump's checksums.
  const std::string by_opsdeck = "bk_restored_" + std::to_string(::getpid());
  MariadbRestoreRequest request{by_opsdeck, dump.file, directory_.path() / "safety", dump.objects, {}};
  auto restored = restore_mariadb_database(opsdeck::testing::mariadb_options(), request, nullptr);
  ASSERT_TRUE(restored.ok()) << restored.error().describe();
  EXPECT_FALSE(restored->replaced_existing);
  EXPECT_EQ(restored->tables_verified, dump.objects.size());
  EXPECT_EQ(checksums(*connection_, by_opsdeck), before);
  EXPECT_EQ(scalar(*connection_, "SELECT n FROM " + sql_name(by_opsdeck) + ".a_view_on_view"),
            scalar(*connection_, "SELECT n FROM " + sql_name(source_) + ".a_view_on_view"));
  auto bytes = connection_->execute_plain("SELECT vb, gen, gst FROM " + sql_name(by_opsdeck) +
                                          ".every_type WHERE id = 2");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->rows.at(0).get<std::string>(0).value_or(""), all_bytes());
  EXPECT_EQ(bytes->rows.at(0).get<std::string>(1).value_or(""), "-127");
  EXPECT_EQ(bytes->rows.at(0).get<std::string>(2).value_or(""), "131070");

  // The same file through the real client.
  const std::string by_client = fresh_database(*connection_, "client");
  auto client = restore_with_client(dump.file, by_client);
  ASSERT_TRUE(client.ok()) << client.error().describe();
  EXPECT_EQ(checksums(*connection_, by_client), before);

  for (const auto& name : {source_, by_opsdeck, by_client}) {
    run(*connection_, "DROP DATABASE " + sql_name(name));
  }
}

TEST_F(MariadbBackupRoundTripTest, RestoreOverAnExistingDatabaseKeepsASafetyDump) {
  auto dumped =
      dump_mariadb_databases(opsdeck::testing::mariadb_options(), {source_}, directory_.path(), {}, nullptr);
  ASSERT_TRUE(dumped.ok()) << dumped.error().describe();
  const auto before = checksums(*connection_, source_);
  const std::string target = fresh_database(*connection_, "target");
  run(*connection_, "CREATE TABLE " + sql_name(target) + ".old_data (x INT PRIMARY KEY)");
  run(*connection_, "INSERT INTO " + sql_name(target) + ".old_data VALUES (1), (2), (3)");

  const auto& dump = dumped->databases.front();
  MariadbRestoreRequest request{target, dump.file, directory_.path() / "safety", dump.objects, {}};
  auto restored = restore_mariadb_database(opsdeck::testing::mariadb_options(), request, nullptr);
  ASSERT_TRUE(restored.ok()) << restored.error().describe();
  EXPECT_TRUE(restored->replaced_existing);
  EXPECT_EQ(checksums(*connection_, target), before);  // old_data is gone, the dump's tables are there
  ASSERT_TRUE(std::filesystem::exists(restored->safety_dump));
  // The safety dump holds the replaced database.
  const std::string from_safety = fresh_database(*connection_, "safety");
  MariadbRestoreRequest back{from_safety, restored->safety_dump, directory_.path() / "safety2", {}, {}};
  ASSERT_TRUE(restore_mariadb_database(opsdeck::testing::mariadb_options(), back, nullptr).ok());
  EXPECT_EQ(scalar(*connection_, "SELECT SUM(x) FROM " + sql_name(from_safety) + ".old_data"), 6);
  for (const auto& name : {source_, target, from_safety}) {
    run(*connection_, "DROP DATABASE " + sql_name(name));
  }
}

}  // namespace
}  // namespace opsdeck::backup
