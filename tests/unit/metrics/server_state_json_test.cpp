// `db status --json`'s replication object: a multi-source replica lists every connection by name.
#include "backend/metrics/server_state_json.hpp"

#include <gtest/gtest.h>

#include "backend/metrics/mariadb_status_parse.hpp"
#include "tests/unit/metrics/captured_text.hpp"
#include "tests/unit/metrics/status_text_rows.hpp"

namespace opsdeck::metrics {
namespace {

TEST(ServerStateJson, MultiSourceReplicaListsEveryChannel) {
  ServerState state;
  state.name = "replica1";
  state.checked = true;
  state.up = true;
  state.replication =
      parse_all_replicas_status(testing::all_rows(captured::text("mariadb_all_replicas_status.txt")));
  nlohmann::json json = server_state_to_json(state);
  const nlohmann::json& replication = json["replication"];
  EXPECT_EQ(replication["role"], "replica");
  EXPECT_EQ(replication["io_running"], false);
  ASSERT_EQ(replication["channels"].size(), 2u);
  EXPECT_EQ(replication["channels"][0]["connection_name"], "east");
  EXPECT_EQ(replication["channels"][0]["source"], "127.0.0.1:3391");
  EXPECT_EQ(replication["channels"][0]["sql_running"], true);
  EXPECT_TRUE(replication["channels"][0]["lag_seconds"].is_null());
  EXPECT_NE(replication["channels"][0]["error"].get<std::string>().find("Connection refused"),
            std::string::npos);
  EXPECT_EQ(replication["channels"][1]["connection_name"], "west");
  EXPECT_EQ(replication["channels"][1]["io_running"], false);
  EXPECT_EQ(replication["channels"][1]["error"], "");
}

}  // namespace
}  // namespace opsdeck::metrics
