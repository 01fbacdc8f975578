// The MariaDB status parser on text captured from a real 10.11 server: the counters of SHOW GLOBAL STATUS,
// the rates over two captures one second apart, counter resets, and SHOW REPLICA STATUS in sync and broken.
#include "backend/metrics/mariadb_status_parse.hpp"

#include <gtest/gtest.h>

#include "tests/unit/metrics/captured_text.hpp"
#include "tests/unit/metrics/status_text_rows.hpp"

namespace opsdeck::metrics {
namespace {

using testing::all_rows;
using testing::first_row;
using testing::status_rows;

TEST(MariadbStatusParseTest, ReadsTheCountersFromShowGlobalStatus) {
  auto sample = parse_mariadb_status(status_rows(captured::text("mariadb_status_before.txt")));
  EXPECT_EQ(sample.uptime_seconds, 12);
  EXPECT_EQ(sample.questions, 21);
  EXPECT_EQ(sample.threads_connected, 2);
  EXPECT_EQ(sample.threads_running, 2);
  EXPECT_EQ(sample.bytes_received, 1445);
  EXPECT_EQ(sample.bytes_sent, 3032);
  EXPECT_EQ(sample.buffer_pool_reads, 165);
  EXPECT_EQ(sample.buffer_pool_read_requests, 1283);
  // 10.11 has no Innodb_rows_*: Rows_read and the Handler_* counters stand in.
  EXPECT_EQ(sample.rows_read, 14);
  EXPECT_EQ(sample.rows_inserted, 3);
  EXPECT_EQ(sample.rows_updated, 1);
}

TEST(MariadbStatusParseTest, PrefersInnodbRowCountersWhenPresent) {
  StatusRows rows = {{"Innodb_rows_read", "500"}, {"Rows_read", "900"}, {"Innodb_rows_inserted", "7"}};
  auto sample = parse_mariadb_status(rows);
  EXPECT_EQ(sample.rows_read, 500);
  EXPECT_EQ(sample.rows_inserted, 7);
}

TEST(MariadbStatusParseTest, RatesComeFromTheDeltaWithoutThePollersOwnStatements) {
  auto before = parse_mariadb_status(status_rows(captured::text("mariadb_status_before.txt")));
  auto after = parse_mariadb_status(status_rows(captured::text("mariadb_status_after.txt")));
  auto status = mariadb_status_from(after, &before, 2.0, 3);
  ASSERT_TRUE(status.rates_valid);
  EXPECT_EQ(status.questions_total, 104);
  EXPECT_EQ(status.queries_in_interval, 104 - 21 - 3);
  EXPECT_DOUBLE_EQ(status.queries_per_second, 80 / 2.0);
  EXPECT_DOUBLE_EQ(status.bytes_received_per_second, (4258 - 1445) / 2.0);
  EXPECT_DOUBLE_EQ(status.bytes_sent_per_second, (35306 - 3032) / 2.0);
  ASSERT_TRUE(status.buffer_pool_hit_ratio.has_value());
  EXPECT_DOUBLE_EQ(*status.buffer_pool_hit_ratio, 1.0);  // no reads from disk in between
  EXPECT_DOUBLE_EQ(status.rows_read_per_second, (744 - 14) / 2.0);
  EXPECT_DOUBLE_EQ(status.rows_inserted_per_second, 20 / 2.0);
  EXPECT_DOUBLE_EQ(status.rows_updated_per_second, 249 / 2.0);
  EXPECT_DOUBLE_EQ(status.rows_deleted_per_second, 0.0);
  EXPECT_DOUBLE_EQ(status.slow_queries_per_second, 0.0);
}

TEST(MariadbStatusParseTest, HitRatioCountsMissesOverTheInterval) {
  MariadbStatusSample before;
  before.buffer_pool_read_requests = 1000;
  before.buffer_pool_reads = 100;
  MariadbStatusSample after = before;
  after.buffer_pool_read_requests = 1400;
  after.buffer_pool_reads = 110;
  auto status = mariadb_status_from(after, &before, 1.0, 0);
  ASSERT_TRUE(status.buffer_pool_hit_ratio.has_value());
  EXPECT_DOUBLE_EQ(*status.buffer_pool_hit_ratio, 1.0 - 10.0 / 400.0);
  // Nothing read: no ratio rather than a made-up 100%.
  EXPECT_FALSE(mariadb_status_from(after, &after, 1.0, 0).buffer_pool_hit_ratio.has_value());
}

TEST(MariadbStatusParseTest, FirstPollAndRestartGiveNoRates) {
  auto before = parse_mariadb_status(status_rows(captured::text("mariadb_status_before.txt")));
  auto after = parse_mariadb_status(status_rows(captured::text("mariadb_status_after.txt")));
  auto first = mariadb_status_from(after, nullptr, 0, 0);
  EXPECT_FALSE(first.rates_valid);
  EXPECT_EQ(first.questions_total, 104);
  EXPECT_EQ(first.threads_connected, 2);
  // The server restarted between the polls: its counters went back.
  auto restarted = mariadb_status_from(before, &after, 1.0, 0);
  EXPECT_FALSE(restarted.rates_valid);
  EXPECT_EQ(restarted.queries_per_second, 0);
}

TEST(MariadbStatusParseTest, ReplicaInSync) {
  auto replication = parse_replica_status(first_row(captured::text("mariadb_replica_status.txt")));
  EXPECT_EQ(replication.role, "replica");
  EXPECT_EQ(replication.source, "127.0.0.1:36306");
  EXPECT_TRUE(replication.io_running);
  EXPECT_TRUE(replication.sql_running);
  ASSERT_TRUE(replication.lag_seconds.has_value());
  EXPECT_EQ(*replication.lag_seconds, 0);
  EXPECT_EQ(replication.link_state, "Waiting for master to send event");
  EXPECT_EQ(replication.error, "");
}

TEST(MariadbStatusParseTest, ReplicaWhosePrimaryIsGone) {
  auto replication = parse_replica_status(first_row(captured::text("mariadb_replica_status_broken.txt")));
  EXPECT_EQ(replication.role, "replica");
  EXPECT_FALSE(replication.io_running);  // "Connecting"
  EXPECT_TRUE(replication.sql_running);
  EXPECT_FALSE(replication.lag_seconds.has_value());  // NULL
  EXPECT_NE(replication.error.find("Connection refused"), std::string::npos) << replication.error;
}

TEST(MariadbStatusParseTest, AllReplicasStatusGivesOneChannelPerConnectionName) {
  auto rows = all_rows(captured::text("mariadb_all_replicas_status.txt"));
  ASSERT_EQ(rows.size(), 2u);
  auto replication = parse_all_replicas_status(rows);
  EXPECT_EQ(replication.role, "replica");
  ASSERT_EQ(replication.channels.size(), 2u);
  const ReplicationChannel& east = replication.channels[0];
  EXPECT_EQ(east.connection_name, "east");
  EXPECT_EQ(east.source, "127.0.0.1:3391");
  EXPECT_EQ(east.link_state, "Connecting to master");
  EXPECT_FALSE(east.io_running);  // "Connecting"
  EXPECT_TRUE(east.sql_running);
  EXPECT_FALSE(east.lag_seconds.has_value());
  EXPECT_NE(east.error.find("Connection refused"), std::string::npos) << east.error;
  const ReplicationChannel& west = replication.channels[1];
  EXPECT_EQ(west.connection_name, "west");
  EXPECT_EQ(west.source, "127.0.0.1:3392");
  EXPECT_FALSE(west.io_running);
  EXPECT_FALSE(west.sql_running);
  EXPECT_EQ(west.error, "");
  // The summary: not running (neither channel runs fully), the first error named by its connection.
  EXPECT_EQ(replication.source, "127.0.0.1:3391");
  EXPECT_FALSE(replication.io_running);
  EXPECT_FALSE(replication.sql_running);
  EXPECT_EQ(replication.error.rfind("'east': error connecting to master", 0), 0u) << replication.error;
}

TEST(MariadbStatusParseTest, AllReplicasStatusOfOneConnectionIsThatReplica) {
  // SHOW REPLICA STATUS's captured row stands in for the default connection's row of the ALL form.
  auto replication =
      parse_all_replicas_status({first_row(captured::text("mariadb_replica_status_broken.txt"))});
  ASSERT_EQ(replication.channels.size(), 1u);
  EXPECT_EQ(replication.channels[0].connection_name, "");
  EXPECT_FALSE(replication.io_running);
  EXPECT_TRUE(replication.sql_running);
  // One connection: the error as the server gave it, no name in front.
  EXPECT_EQ(replication.error.rfind("error reconnecting to master", 0), 0u) << replication.error;
  EXPECT_EQ(parse_all_replicas_status({}).role, "primary");
  EXPECT_TRUE(parse_all_replicas_status({}).channels.empty());
}

TEST(MariadbStatusParseTest, NoRowMeansPrimary) {
  auto replication = parse_replica_status({});
  EXPECT_EQ(replication.role, "primary");
  EXPECT_FALSE(replication.lag_seconds.has_value());
}

TEST(MariadbStatusParseTest, UnderstandsMysqlEightColumnNames) {
  StatusRows row = {{"Replica_IO_State", "Waiting for source to send event"},
                    {"Source_Host", "db1"},
                    {"Source_Port", "3306"},
                    {"Replica_IO_Running", "Yes"},
                    {"Replica_SQL_Running", "No"},
                    {"Seconds_Behind_Source", std::nullopt},
                    {"Last_SQL_Error", "Error 'Duplicate entry' on query"}};
  auto replication = parse_replica_status(row);
  EXPECT_EQ(replication.source, "db1:3306");
  EXPECT_TRUE(replication.io_running);
  EXPECT_FALSE(replication.sql_running);
  EXPECT_EQ(replication.error, "Error 'Duplicate entry' on query");
}

TEST(MariadbStatusParseTest, GarbageValuesReadAsZero) {
  StatusRows rows = {{"Questions", "lots"}, {"Uptime", std::nullopt}, {"Threads_connected", "12abc"}};
  auto sample = parse_mariadb_status(rows);
  EXPECT_EQ(sample.questions, 0);
  EXPECT_EQ(sample.uptime_seconds, 0);
  EXPECT_EQ(sample.threads_connected, 0);
}

}  // namespace
}  // namespace opsdeck::metrics
