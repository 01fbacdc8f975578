// ServerPoller against the real private servers: a server stopped while being polled shows down with an
// error, the other stays up, and both come back once the server is started again.
#include "backend/metrics/server_poller.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "tests/support/test_servers.hpp"

namespace opsdeck::metrics {
namespace {

// Backoff doubles from the interval up to kMaxBackoff; this covers a stop, a start and the longest wait.
constexpr auto kWaitLimit = std::chrono::seconds(90);

class ServerPollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    logger_ = std::make_unique<core::Logger>();
    std::vector<PolledServer> servers = {
        {"mariadb", ServerKind::kMariadb, opsdeck::testing::mariadb_options(), {}, true, {}},
        {"redis", ServerKind::kRedis, {}, opsdeck::testing::redis_options(), true, {}}};
    poller_ = std::make_unique<ServerPoller>(std::move(servers), std::chrono::milliseconds(200), *logger_);
    poller_->snapshots().on_publish([this] {
      std::lock_guard lock(mutex_);
      ++published_;
      changed_.notify_all();
    });
    poller_->start();
  }

  void TearDown() override {
    poller_.reset();
    // Whatever happened, leave both servers running for the next test.
    EXPECT_TRUE(opsdeck::testing::start_mariadb());
    EXPECT_TRUE(opsdeck::testing::start_redis());
  }

  // Waits for a published snapshot that satisfies `done`; the last one seen on failure.
  ::testing::AssertionResult wait_for(const std::string& what,
                                      const std::function<bool(const ServersSnapshot&)>& done) {
    auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
    std::unique_lock lock(mutex_);
    while (true) {
      auto latest = poller_->snapshots().latest();
      if (done(*latest)) {
        return ::testing::AssertionSuccess();
      }
      std::uint64_t seen = published_;
      if (!changed_.wait_until(lock, deadline, [&] { return published_ != seen; })) {
        std::string states;
        for (const auto& server : latest->servers) {
          states += " " + server.name + (server.up ? " up" : " down: " + server.error);
        }
        return ::testing::AssertionFailure() << "timed out waiting for " << what << ";" << states;
      }
    }
  }

  static const ServerState& server(const ServersSnapshot& snapshot, std::string_view name) {
    for (const auto& state : snapshot.servers) {
      if (state.name == name) {
        return state;
      }
    }
    static const ServerState kNone;
    return kNone;
  }

  static bool up(const ServersSnapshot& snapshot, std::string_view name) { return server(snapshot, name).up; }

  std::unique_ptr<core::Logger> logger_;
  std::unique_ptr<ServerPoller> poller_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t published_ = 0;
};

TEST_F(ServerPollerTest, StoppedMariadbShowsDownAndComesBack) {
  ASSERT_TRUE(
      wait_for("both up", [](const ServersSnapshot& s) { return up(s, "mariadb") && up(s, "redis"); }));
  ASSERT_TRUE(opsdeck::testing::stop_mariadb());
  ASSERT_TRUE(wait_for("mariadb down", [](const ServersSnapshot& s) {
    return server(s, "mariadb").checked && !up(s, "mariadb") && !server(s, "mariadb").error.empty();
  }));
  auto down = poller_->snapshots().latest();
  EXPECT_TRUE(up(*down, "redis")) << "one server down must not take the other with it";
  EXPECT_TRUE(server(*down, "mariadb").processes.empty());
  ASSERT_TRUE(opsdeck::testing::start_mariadb());
  ASSERT_TRUE(wait_for("mariadb back up", [](const ServersSnapshot& s) { return up(s, "mariadb"); }));
  EXPECT_TRUE(server(*poller_->snapshots().latest(), "mariadb").error.empty());
}

TEST_F(ServerPollerTest, StoppedRedisShowsDownAndComesBack) {
  ASSERT_TRUE(
      wait_for("both up", [](const ServersSnapshot& s) { return up(s, "mariadb") && up(s, "redis"); }));
  ASSERT_TRUE(opsdeck::testing::stop_redis());
  ASSERT_TRUE(wait_for("redis down", [](const ServersSnapshot& s) {
    return !up(s, "redis") && !server(s, "redis").error.empty();
  }));
  EXPECT_TRUE(up(*poller_->snapshots().latest(), "mariadb"));
  ASSERT_TRUE(opsdeck::testing::start_redis());
  ASSERT_TRUE(wait_for("redis back up", [](const ServersSnapshot& s) { return up(s, "redis"); }));
  // The history shows the outage as a gap, not as zero traffic.
  const auto& redis = server(*poller_->snapshots().latest(), "redis");
  auto ops = std::find_if(redis.series.begin(), redis.series.end(),
                          [](const MetricSeries& series) { return series.label == "ops/s"; });
  ASSERT_NE(ops, redis.series.end());
  auto values = ops->history.values();
  EXPECT_TRUE(std::any_of(values.begin(), values.end(), [](double value) { return std::isnan(value); }));
}

}  // namespace
}  // namespace opsdeck::metrics
