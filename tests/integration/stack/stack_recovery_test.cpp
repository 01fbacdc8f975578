// StackEngine when things went wrong before: stale pid files, a pid reused by another program, a server
// killed with SIGKILL, a missing binary, a server that dies while starting, a state dir too long for sockets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "backend/core/process.hpp"
#include "backend/stack/pid_file.hpp"
#include "backend/stack/stack_engine.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "tests/integration/stack/stack_test_fixture.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class StackRecoveryTest : public StackTestFixture {
 protected:
  static fs::path mariadb_pid_file() { return state_dir() / "stack" / "mariadb" / "mariadbd.pid"; }
  static fs::path redis_pid_file() { return state_dir() / "stack" / "redis" / "redis.pid"; }
};

// A pid that certainly belonged to a process that is gone now.
pid_t dead_pid() {
  core::SpawnOptions options;
  options.argv = {"true"};
  auto child = core::ChildProcess::spawn(options);
  EXPECT_TRUE(child.ok());
  const pid_t pid = child->pid();
  child->wait();
  return pid;
}

core::ChildProcess start_sleep() {
  core::SpawnOptions options;
  options.argv = {"sleep", "120"};
  auto child = core::ChildProcess::spawn(options);
  EXPECT_TRUE(child.ok()) << child.error().describe();
  return std::move(*child);
}

TEST_F(StackRecoveryTest, StalePidFilesWithDeadPidsAreReplaced) {
  stack::StackEngine engine(settings());
  ASSERT_TRUE(engine.up().ok());  // directories and data exist
  ASSERT_TRUE(engine.down().ok());
  const pid_t gone = dead_pid();
  ASSERT_TRUE(stack::write_pid_file(mariadb_pid_file(), gone).ok());
  ASSERT_TRUE(stack::write_pid_file(redis_pid_file(), gone).ok());

  auto status = engine.status();
  ASSERT_TRUE(status.ok());
  for (const auto& server : status->servers) {
    EXPECT_FALSE(server.running);
    EXPECT_THAT(server.note, HasSubstr("stale pid file"));
    EXPECT_THAT(server.note, HasSubstr("is gone"));
  }

  auto up = engine.up();
  ASSERT_TRUE(up.ok()) << up.error().describe();
  for (const auto& server : up->servers) {
    SCOPED_TRACE(server.name);
    EXPECT_TRUE(server.running);
    EXPECT_THAT(server.note, HasSubstr("stale pid file replaced"));
    EXPECT_NE(server.pid, gone);
    EXPECT_TRUE(core::pid_alive(server.pid));
  }
  EXPECT_EQ(stack::read_pid_file(mariadb_pid_file()).value_or(0), up->servers[0].pid);
  EXPECT_EQ(stack::read_pid_file(redis_pid_file()).value_or(0), up->servers[1].pid);
}

TEST_F(StackRecoveryTest, PidOfAnotherProgramIsNeitherTrustedNorSignalled) {
  stack::StackEngine engine(settings());
  ASSERT_TRUE(engine.up().ok());
  ASSERT_TRUE(engine.down().ok());
  auto sleeper = start_sleep();
  ASSERT_TRUE(stack::write_pid_file(mariadb_pid_file(), sleeper.pid()).ok());

  auto status = engine.status();
  ASSERT_TRUE(status.ok());
  EXPECT_FALSE(status->servers[0].running);
  EXPECT_THAT(status->servers[0].note, HasSubstr("stale pid file"));
  EXPECT_THAT(status->servers[0].note, HasSubstr("sleep"));

  auto report = engine.down();
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->servers[0].was_running);
  EXPECT_THAT(report->servers[0].note, HasSubstr("stale pid file removed"));
  EXPECT_FALSE(fs::exists(mariadb_pid_file()));

  ASSERT_TRUE(stack::write_pid_file(mariadb_pid_file(), sleeper.pid()).ok());
  auto up = engine.up();
  ASSERT_TRUE(up.ok()) << up.error().describe();
  EXPECT_THAT(up->servers[0].note, HasSubstr("stale pid file replaced"));
  EXPECT_NE(up->servers[0].pid, sleeper.pid());
  EXPECT_TRUE(core::pid_alive(up->servers[0].pid));
  EXPECT_FALSE(sleeper.poll().has_value()) << "the unrelated sleep was killed";
}

TEST_F(StackRecoveryTest, ServerKilledWithSigkillShowsDownAndUpRestartsItWithItsData) {
  stack::StackEngine engine(settings());
  auto before = engine.up();
  ASSERT_TRUE(before.ok()) << before.error().describe();
  {
    auto connection = store::MariadbConnection::connect(engine.mariadb_options());
    ASSERT_TRUE(connection.ok()) << connection.error().describe();
    ASSERT_TRUE(
        (*connection)->execute_plain("CREATE TABLE IF NOT EXISTS survivor (id INT PRIMARY KEY)").ok());
    ASSERT_TRUE((*connection)->execute_plain("REPLACE INTO survivor VALUES (42)").ok());
  }
  for (const auto& server : before->servers) {
    ASSERT_TRUE(core::send_signal(server.pid, SIGKILL).ok());
    ASSERT_TRUE(core::wait_until_gone(server.pid, std::chrono::seconds(10)));
  }

  auto status = engine.status();
  ASSERT_TRUE(status.ok());
  for (const auto& server : status->servers) {
    EXPECT_FALSE(server.running);
    EXPECT_THAT(server.note, HasSubstr("not running"));
  }

  auto after = engine.up();
  ASSERT_TRUE(after.ok()) << after.error().describe();
  for (std::size_t index = 0; index < 2; ++index) {
    SCOPED_TRACE(after->servers[index].name);
    EXPECT_TRUE(after->servers[index].running);
    EXPECT_NE(after->servers[index].pid, before->servers[index].pid);
    EXPECT_THAT(after->servers[index].note, HasSubstr("stale pid file replaced"));
  }
  auto connection = store::MariadbConnection::connect(engine.mariadb_options());
  ASSERT_TRUE(connection.ok()) << connection.error().describe();
  auto rows = (*connection)->execute("SELECT id FROM survivor");
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  ASSERT_EQ(rows->rows.size(), 1U);
  EXPECT_EQ(rows->rows[0].get<std::int64_t>(0).value_or(0), 42);
}

TEST_F(StackRecoveryTest, MissingBinariesNameTheDebianPackage) {
  TemporaryDirectory fresh;
  auto missing = settings();
  missing.state_dir = fresh.path();
  missing.mariadbd_binary = "/nonexistent/mariadbd";
  missing.redis_binary = "opsdeck-no-such-redis-server";
  stack::StackEngine engine(missing);
  auto up = engine.up();
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.error().category, core::ErrorCategory::kUnavailable);
  EXPECT_THAT(up.error().message, HasSubstr("/nonexistent/mariadbd not found"));
  EXPECT_THAT(up.error().message,
              HasSubstr("install the Debian package mariadb-server (apt-get install mariadb-server)"));
  EXPECT_THAT(up.error().message,
              HasSubstr("opsdeck-no-such-redis-server not found (looked in /usr/bin, $PATH)"));
  EXPECT_THAT(up.error().message,
              HasSubstr("install the Debian package redis-server (apt-get install redis-server)"));
  auto status = engine.status();
  ASSERT_TRUE(status.ok());
  EXPECT_FALSE(status->servers[0].running);
  EXPECT_FALSE(status->servers[1].running);
}

TEST_F(StackRecoveryTest, MissingInstallDbNamesTheDebianPackage) {
  TemporaryDirectory fresh;
  auto missing = settings();
  missing.state_dir = fresh.path();
  missing.install_db_binary = "/nonexistent/mariadb-install-db";
  auto up = stack::StackEngine(missing).up();
  ASSERT_FALSE(up.ok());
  EXPECT_THAT(up.error().message, HasSubstr("/nonexistent/mariadb-install-db not found"));
  EXPECT_THAT(up.error().message, HasSubstr("install the Debian package mariadb-server"));
  EXPECT_FALSE(fs::exists(fresh.path() / "stack" / "mariadb" / "data"));
}

TEST_F(StackRecoveryTest, ServerDyingDuringStartIsReportedWithItsLog) {
  ASSERT_TRUE(stack::StackEngine(settings()).up().ok());
  ASSERT_TRUE(stack::StackEngine(settings()).stop_server(stack::StackServerId::kMariadb).ok());
  const auto fake = state_dir() / "fake-mariadbd";
  std::ofstream(fake) << "#!/bin/sh\necho 'fake mariadbd: simulated startup failure' >&2\nexit 3\n";
  fs::permissions(fake, fs::perms::owner_all);
  auto broken = settings();
  broken.mariadbd_binary = fake.string();

  auto up = stack::StackEngine(broken).up();
  ASSERT_FALSE(up.ok());
  EXPECT_THAT(up.error().message, HasSubstr("mariadbd exited during start (exit code 3)"));
  EXPECT_THAT(up.error().message, HasSubstr("simulated startup failure"));
  EXPECT_FALSE(fs::exists(mariadb_pid_file()));
}

TEST_F(StackRecoveryTest, StateDirectoryTooLongForUnixSocketsIsRejected) {
  auto long_path = settings();
  long_path.state_dir = state_dir() / std::string(100, 'd');
  auto up = stack::StackEngine(long_path).up();
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.error().category, core::ErrorCategory::kInvalidInput);
  EXPECT_THAT(up.error().message, HasSubstr("unix sockets allow 107"));
  EXPECT_THAT(up.error().message, HasSubstr("shorter --state-dir"));
}

}  // namespace
}  // namespace opsdeck::testing
