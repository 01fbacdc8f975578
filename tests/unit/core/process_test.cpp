// core/process: spawning, capture, waiting, signals, and the questions asked about pids. No servers needed.
#include "backend/core/process.hpp"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace opsdeck::core {
namespace {

using ::testing::HasSubstr;

SpawnOptions command(std::vector<std::string> argv) {
  SpawnOptions options;
  options.argv = std::move(argv);
  return options;
}

TEST(ProcessTest, RunAndCaptureCollectsStdoutAndStderrAndTheExitCode) {
  auto run =
      run_and_capture(command({"sh", "-c", "echo out; echo err >&2; exit 7"}), std::chrono::seconds(10));
  ASSERT_TRUE(run.ok()) << run.error().describe();
  EXPECT_EQ(run->status.code, 7);
  EXPECT_FALSE(run->status.success());
  EXPECT_THAT(run->output, HasSubstr("out\n"));
  EXPECT_THAT(run->output, HasSubstr("err\n"));
  EXPECT_EQ(run->status.describe(), "exit code 7");
}

TEST(ProcessTest, EnvironmentAdditionsAndWorkingDirectoryReachTheChild) {
  auto options = command({"sh", "-c", "echo \"$OPSDECK_TEST_VALUE $(pwd)\""});
  options.environment = {{"OPSDECK_TEST_VALUE", "forty-two"}};
  options.working_directory = "/usr";
  auto run = run_and_capture(options, std::chrono::seconds(10));
  ASSERT_TRUE(run.ok()) << run.error().describe();
  EXPECT_EQ(run->output, "forty-two /usr\n");
}

TEST(ProcessTest, StdinIsDevNull) {
  auto run = run_and_capture(command({"cat"}), std::chrono::seconds(10));
  ASSERT_TRUE(run.ok()) << run.error().describe();
  EXPECT_TRUE(run->status.success());
  EXPECT_EQ(run->output, "");
}

TEST(ProcessTest, TimeoutKillsTheChildAndSaysSo) {
  const auto started = std::chrono::steady_clock::now();
  auto run = run_and_capture(command({"sleep", "30"}), std::chrono::milliseconds(200));
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().category, ErrorCategory::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(ProcessTest, MissingProgramIsAnErrorNotACrash) {
  auto child = ChildProcess::spawn(command({"opsdeck-no-such-program"}));
  ASSERT_FALSE(child.ok());
  EXPECT_EQ(child.error().category, ErrorCategory::kUnavailable);
  EXPECT_THAT(child.error().message, HasSubstr("opsdeck-no-such-program not found (looked in $PATH)"));
}

TEST(ProcessTest, FindBinaryLooksInExtraDirectoriesThenPath) {
  auto sh = find_binary("sh", {"/nonexistent"});
  ASSERT_TRUE(sh.ok());
  EXPECT_EQ(sh->filename(), "sh");
  auto missing = find_binary("opsdeck-no-such-mariadbd", {"/usr/sbin", "/usr/bin"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "opsdeck-no-such-mariadbd not found (looked in /usr/sbin, /usr/bin, $PATH)");
  EXPECT_FALSE(find_binary("/nonexistent/mariadbd").ok());
  EXPECT_TRUE(find_binary("/bin/sh").ok());
}

TEST(ProcessTest, SignalMaskAndIgnoredSignalsAreResetInTheChild) {
  sigset_t blocked, previous;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGTERM);
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &blocked, &previous), 0);
  struct sigaction ignore {
  }, previous_action{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGHUP, &ignore, &previous_action);
  auto child = ChildProcess::spawn(command({"sleep", "30"}));
  ::sigaction(SIGHUP, &previous_action, nullptr);
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  ASSERT_TRUE(child.ok()) << child.error().describe();

  ASSERT_TRUE(child->send_signal(SIGTERM).ok());
  auto status = child->wait_for(std::chrono::seconds(5));
  ASSERT_TRUE(status.has_value()) << "SIGTERM stayed blocked in the child";
  EXPECT_EQ(status->signal, SIGTERM);
  EXPECT_THAT(status->describe(), HasSubstr("killed by signal 15"));

  auto second = ChildProcess::spawn(command({"sleep", "30"}));
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(second->send_signal(SIGHUP).ok());
  auto hung_up = second->wait_for(std::chrono::seconds(5));
  ASSERT_TRUE(hung_up.has_value()) << "SIGHUP stayed ignored in the child";
  EXPECT_EQ(hung_up->signal, SIGHUP);
}

TEST(ProcessTest, DescriptorsDoNotLeakIntoChildren) {
  const int leaky = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  ASSERT_GE(leaky, 0);
  const int high = ::dup2(leaky, 57);
  ::close(leaky);
  ASSERT_EQ(high, 57);
  auto run = run_and_capture(command({"sh", "-c", "ls /proc/$$/fd"}), std::chrono::seconds(10));
  ::close(high);
  ASSERT_TRUE(run.ok()) << run.error().describe();
  std::istringstream lines(run->output);
  std::string fd;
  while (std::getline(lines, fd)) {
    EXPECT_NE(fd, "57") << "descriptor 57 leaked into the child";
  }
}

TEST(ProcessTest, NewSessionMakesTheChildASessionLeader) {
  auto options = command({"sleep", "30"});
  options.new_session = true;
  auto child = ChildProcess::spawn(options);
  ASSERT_TRUE(child.ok());
  std::ifstream stat_file("/proc/" + std::to_string(child->pid()) + "/stat");
  std::string line;
  std::getline(stat_file, line);
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string state;
  pid_t parent = 0, group = 0, session = 0;
  fields >> state >> parent >> group >> session;
  EXPECT_EQ(session, child->pid());
  EXPECT_EQ(group, child->pid());
}

TEST(ProcessTest, DestructorKillsAndReapsARunningChild) {
  pid_t pid = 0;
  {
    auto child = ChildProcess::spawn(command({"sleep", "30"}));
    ASSERT_TRUE(child.ok());
    pid = child->pid();
    EXPECT_TRUE(pid_alive(pid));
  }
  EXPECT_FALSE(pid_alive(pid));
  EXPECT_FALSE(std::filesystem::exists("/proc/" + std::to_string(pid))) << "left a zombie";
}

TEST(ProcessTest, ReleasedChildOutlivesItsHandleAndZombiesCountAsDead) {
  auto child = ChildProcess::spawn(command({"sleep", "30"}));
  ASSERT_TRUE(child.ok());
  const pid_t pid = child->release();
  EXPECT_EQ(child->pid(), -1);
  EXPECT_TRUE(pid_alive(pid));
  ASSERT_TRUE(send_signal(pid, SIGKILL).ok());
  // Nobody reaps it here, so it becomes a zombie, which must not count as alive.
  bool alive = true;
  for (int attempt = 0; attempt < 400 && alive; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    alive = pid_alive(pid);
  }
  EXPECT_FALSE(alive);
  EXPECT_TRUE(std::filesystem::exists("/proc/" + std::to_string(pid)))
      << "reaped too early: no zombie to test";
  EXPECT_TRUE(wait_until_gone(pid, std::chrono::seconds(5)));
  EXPECT_FALSE(std::filesystem::exists("/proc/" + std::to_string(pid)));
}

TEST(ProcessTest, ProcInformationAboutAPid) {
  auto options = command({"sleep", "30"});
  options.working_directory = "/tmp";
  auto child = ChildProcess::spawn(options);
  ASSERT_TRUE(child.ok());
  auto exe = process_exe(child->pid());
  ASSERT_TRUE(exe.ok()) << exe.error().describe();
  EXPECT_EQ(exe->filename(), "sleep");
  auto cwd = process_cwd(child->pid());
  ASSERT_TRUE(cwd.ok());
  EXPECT_EQ(*cwd, std::filesystem::canonical("/tmp"));
  // posix_spawn returns while the kernel still sets up the new program: argv shows up a moment later.
  auto arguments = process_cmdline(child->pid());
  for (int attempt = 0; attempt < 200 && arguments.ok() && arguments->empty(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    arguments = process_cmdline(child->pid());
  }
  ASSERT_TRUE(arguments.ok());
  EXPECT_THAT(*arguments, ::testing::ElementsAre(::testing::EndsWith("sleep"), "30"));
  EXPECT_FALSE(process_exe(0).ok());
  EXPECT_FALSE(pid_alive(0));
  EXPECT_FALSE(pid_alive(-1));
}

TEST(ProcessTest, CurrentUserNameIsKnown) {
  EXPECT_FALSE(current_user_name().empty());
}

}  // namespace
}  // namespace opsdeck::core
