// JobRunner: jobs run on workers, report progress, fail and get cancelled; snapshots say so.
#include "backend/core/job_runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace opsdeck::core {
namespace {

using namespace std::chrono_literals;

class JobRunnerTest : public ::testing::Test {
 protected:
  Logger logger_{100, LogLevel::kDebug};
};

TEST_F(JobRunnerTest, RunsAJobAndPublishesItsResult) {
  JobRunner runner(2, logger_);
  auto handle = runner.submit("count", [](JobContext& context) -> Result<std::string> {
    context.set_total(10, "rows");
    for (int i = 0; i < 10; ++i) {
      context.advance(1);
    }
    return std::string("10 rows");
  });
  JobInfo info = handle.wait();
  EXPECT_EQ(info.state, JobState::kSucceeded);
  EXPECT_EQ(info.result, "10 rows");
  EXPECT_EQ(info.progress.done, 10);
  EXPECT_EQ(info.progress.unit, "rows");
  auto snapshot = runner.snapshots().latest();
  ASSERT_EQ(snapshot->jobs.size(), 1u);
  EXPECT_EQ(snapshot->jobs[0].state, JobState::kSucceeded);
  EXPECT_EQ(snapshot->running(), 0u);
}

TEST_F(JobRunnerTest, AFailedJobCarriesItsErrorAndIsLogged) {
  JobRunner runner(1, logger_);
  auto info = runner
                  .submit("broken",
                          [](JobContext&) -> Result<std::string> {
                            return fail(ErrorCategory::kUnavailable, "mariadb at socket /x: refused");
                          })
                  .wait();
  EXPECT_EQ(info.state, JobState::kFailed);
  EXPECT_EQ(info.error, "mariadb at socket /x: refused");
  auto logs = logger_.snapshots().latest();
  bool logged = false;
  for (const auto& line : logs->lines) {
    logged = logged || (line.level == LogLevel::kError && line.text.find("refused") != std::string::npos);
  }
  EXPECT_TRUE(logged);
}

TEST_F(JobRunnerTest, AnExceptionInAJobFailsOnlyThatJob) {
  JobRunner runner(1, logger_);
  auto info =
      runner.submit("throws", [](JobContext&) -> Result<std::string> { throw std::runtime_error("boom"); })
          .wait();
  EXPECT_EQ(info.state, JobState::kFailed);
  EXPECT_NE(info.error.find("boom"), std::string::npos);
  EXPECT_EQ(runner.submit("after", [](JobContext&) -> Result<std::string> { return std::string("ok"); })
                .wait()
                .state,
            JobState::kSucceeded);
}

TEST_F(JobRunnerTest, CancelStopsARunningJobThroughItsStopToken) {
  JobRunner runner(1, logger_);
  std::atomic<bool> started{false};
  auto handle = runner.submit("long", [&](JobContext& context) -> Result<std::string> {
    started = true;
    // Bounded: a job that ignored cancellation would end the test after 10 s, not hang it.
    for (int i = 0; i < 1000 && !context.cancelled(); ++i) {
      std::this_thread::sleep_for(10ms);
    }
    if (context.cancelled()) {
      return fail(ErrorCategory::kCancelled, "stopped at the user's request");
    }
    return std::string("finished");
  });
  for (int i = 0; i < 500 && !started; ++i) {
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_TRUE(started);
  EXPECT_TRUE(runner.cancel(handle.id()));
  JobInfo info = handle.wait();
  EXPECT_EQ(info.state, JobState::kCancelled);
  EXPECT_FALSE(runner.cancel(handle.id())) << "a finished job cannot be cancelled again";
}

TEST_F(JobRunnerTest, CancellingAQueuedJobFinishesItWithoutRunning) {
  JobRunner runner(1, logger_);
  std::atomic<bool> release{false};
  auto blocker = runner.submit("blocker", [&](JobContext&) -> Result<std::string> {
    for (int i = 0; i < 1000 && !release; ++i) {
      std::this_thread::sleep_for(5ms);
    }
    return std::string("done");
  });
  std::atomic<bool> ran{false};
  auto queued = runner.submit("queued", [&](JobContext&) -> Result<std::string> {
    ran = true;
    return std::string("ran");
  });
  EXPECT_TRUE(runner.cancel(queued.id()));
  EXPECT_EQ(queued.wait().state, JobState::kCancelled);
  release = true;
  EXPECT_EQ(blocker.wait().state, JobState::kSucceeded);
  EXPECT_FALSE(ran);
}

TEST_F(JobRunnerTest, ProgressHasRateAndEta) {
  JobRunner runner(1, logger_);
  auto info = runner
                  .submit("steady",
                          [](JobContext& context) -> Result<std::string> {
                            context.set_total(1000, "bytes");
                            for (int i = 1; i <= 20; ++i) {
                              std::this_thread::sleep_for(30ms);
                              context.set_done(i * 10);
                            }
                            auto self = context.id();
                            (void)self;
                            return std::string("partial");
                          })
                  .wait();
  EXPECT_GT(info.progress.rate_per_second, 0);
  EXPECT_EQ(info.progress.done, 1000) << "a finished job with a total shows it complete";
}

TEST_F(JobRunnerTest, PublishingWakesTheSubscriber) {
  JobRunner runner(1, logger_);
  std::atomic<int> wakes{0};
  runner.snapshots().on_publish([&] { ++wakes; });
  runner.submit("quick", [](JobContext&) -> Result<std::string> { return std::string("ok"); }).wait();
  EXPECT_GE(wakes.load(), 2) << "queued, running and finished each publish";
}

TEST_F(JobRunnerTest, DestroyingTheRunnerCancelsRunningJobs) {
  std::atomic<bool> saw_cancel{false};
  {
    JobRunner runner(1, logger_);
    std::atomic<bool> started{false};
    runner.submit("endless", [&](JobContext& context) -> Result<std::string> {
      started = true;
      for (int i = 0; i < 2000 && !context.cancelled(); ++i) {
        std::this_thread::sleep_for(5ms);
      }
      saw_cancel = context.cancelled();
      return fail(ErrorCategory::kCancelled, "cancelled");
    });
    for (int i = 0; i < 500 && !started; ++i) {
      std::this_thread::sleep_for(2ms);
    }
  }
  EXPECT_TRUE(saw_cancel);
}

}  // namespace
}  // namespace opsdeck::core
