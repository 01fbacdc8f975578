#include "backend/metrics/statsd_admin.hpp"

#include <gtest/gtest.h>

namespace opsdeck::metrics {
namespace {

TEST(StatsdAdmin, AnswersEtsyManagementCommands) {
  StatsdAggregator aggregator;
  auto start = std::chrono::steady_clock::now();
  StatsdAdmin admin(aggregator, start);
  aggregator.add_packet("a:1|c\ng:5|g\nt:3|ms\nbad");

  EXPECT_NE(admin.answer("help", start).text.find("Commands: stats"), std::string::npos);
  std::string stats = admin.answer("stats", start + std::chrono::seconds(3)).text;
  EXPECT_NE(stats.find("uptime: 3\n"), std::string::npos) << stats;
  EXPECT_NE(stats.find("messages.bad_lines_seen: 1\n"), std::string::npos) << stats;
  EXPECT_NE(stats.find("messages.metrics_received: 4\n"), std::string::npos) << stats;
  EXPECT_NE(stats.find("messages.packets_received: 1\n"), std::string::npos) << stats;
  EXPECT_TRUE(stats.ends_with("END\n\n"));

  EXPECT_NE(admin.answer("counters", start).text.find("\"a\": 1.0"), std::string::npos);
  EXPECT_NE(admin.answer("gauges", start).text.find("\"g\": 5.0"), std::string::npos);
  EXPECT_NE(admin.answer("timers", start).text.find("\"t\""), std::string::npos);

  EXPECT_EQ(admin.answer("delcounters a missing", start).text,
            "deleted: a\nmetric missing not found\nEND\n\n");
  EXPECT_EQ(admin.answer("delgauges g", start).text, "deleted: g\nEND\n\n");
  EXPECT_EQ(admin.answer("health", start).text, "health: up\n");
  EXPECT_EQ(admin.answer("health down", start).text, "health: down\n");
  EXPECT_EQ(admin.answer("nonsense", start).text, "ERROR\n");
  EXPECT_TRUE(admin.answer("quit", start).close);
  EXPECT_EQ(admin.answer("   ", start).text, "");
}

}  // namespace
}  // namespace opsdeck::metrics
