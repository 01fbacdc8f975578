// Pid files and the identity check that tells a live server from a stale file, with `sleep` standing in
// for a server. No servers needed.
#include "backend/stack/pid_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "backend/core/process.hpp"

namespace opsdeck::stack {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class PidFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = "/tmp/opsdeck-pid-XXXXXX";
    ASSERT_NE(::mkdtemp(name.data()), nullptr);
    directory_ = name;
  }
  void TearDown() override { fs::remove_all(directory_); }

  core::ChildProcess start_sleep_in(const fs::path& directory) {
    core::SpawnOptions options;
    options.argv = {"sleep", "30"};
    options.working_directory = directory;
    auto child = core::ChildProcess::spawn(options);
    EXPECT_TRUE(child.ok());
    return std::move(*child);
  }

  fs::path directory_;
};

TEST_F(PidFileTest, WriteThenReadRoundTrips) {
  const auto file = directory_ / "server.pid";
  ASSERT_TRUE(write_pid_file(file, 4242).ok());
  EXPECT_EQ(read_pid_file(file).value_or(0), 4242);
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_TRUE(remove_pid_file(file).ok());
  EXPECT_TRUE(remove_pid_file(file).ok()) << "removing a missing pid file is fine";
  EXPECT_FALSE(read_pid_file(file).ok());
}

TEST_F(PidFileTest, GarbageIsStaleWithAReason) {
  const auto file = directory_ / "server.pid";
  std::ofstream(file) << "not a pid\n";
  auto state = inspect_pid_file(file, {"/usr/bin/sleep", directory_});
  EXPECT_EQ(state.kind, PidFileState::Kind::kStale);
  EXPECT_THAT(state.reason, HasSubstr("not a process id"));
}

TEST_F(PidFileTest, MissingFileIsAbsent) {
  EXPECT_EQ(inspect_pid_file(directory_ / "none.pid", {"/usr/bin/sleep", directory_}).kind,
            PidFileState::Kind::kAbsent);
}

TEST_F(PidFileTest, LiveProcessOfTheExpectedProgramInItsDirectoryIsLive) {
  auto sleeper = start_sleep_in(directory_);
  const auto file = directory_ / "server.pid";
  ASSERT_TRUE(write_pid_file(file, sleeper.pid()).ok());
  auto sleep_binary = core::find_binary("sleep");
  ASSERT_TRUE(sleep_binary.ok());
  auto state = inspect_pid_file(file, {*sleep_binary, directory_});
  EXPECT_EQ(state.kind, PidFileState::Kind::kLive) << state.reason;
  EXPECT_EQ(state.pid, sleeper.pid());
}

TEST_F(PidFileTest, PidOfAnotherProgramIsStale) {
  auto sleeper = start_sleep_in(directory_);
  const auto file = directory_ / "server.pid";
  ASSERT_TRUE(write_pid_file(file, sleeper.pid()).ok());
  auto state = inspect_pid_file(file, {"/usr/sbin/mariadbd", directory_});
  EXPECT_EQ(state.kind, PidFileState::Kind::kStale);
  EXPECT_THAT(state.reason, HasSubstr("sleep"));
  EXPECT_THAT(state.reason, HasSubstr("not mariadbd"));
}

TEST_F(PidFileTest, SameProgramForAnotherDirectoryIsStale) {
  auto sleeper = start_sleep_in("/");
  const auto file = directory_ / "server.pid";
  ASSERT_TRUE(write_pid_file(file, sleeper.pid()).ok());
  auto state = inspect_pid_file(file, {*core::find_binary("sleep"), directory_});
  EXPECT_EQ(state.kind, PidFileState::Kind::kStale);
  EXPECT_THAT(state.reason, HasSubstr("not for " + directory_.string()));
}

TEST_F(PidFileTest, DeadPidIsStale) {
  pid_t pid = 0;
  {
    auto sleeper = start_sleep_in(directory_);
    pid = sleeper.pid();
  }  // killed and reaped
  const auto file = directory_ / "server.pid";
  ASSERT_TRUE(write_pid_file(file, pid).ok());
  auto state = inspect_pid_file(file, {*core::find_binary("sleep"), directory_});
  EXPECT_EQ(state.kind, PidFileState::Kind::kStale);
  EXPECT_THAT(state.reason, HasSubstr("is gone"));
}

}  // namespace
}  // namespace opsdeck::stack
