// JobRunner: a fixed set of worker threads that run engine jobs. A job is a function of JobContext; it
// reports progress and log lines through it, watches its stop_token, and returns a Result with a summary.
// The runner publishes every job's state as an immutable JobsSnapshot (progress throttled to a few updates a
// second per job, state changes at once), which the console renders and the CLI prints.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "backend/core/job.hpp"
#include "backend/core/logger.hpp"
#include "backend/core/published.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::core {

class JobRunner;
struct JobRecord;

class JobContext {
 public:
  JobContext(JobRunner& runner, std::shared_ptr<JobRecord> record, std::stop_token stop);

  JobId id() const;
  std::stop_token stop_token() const { return stop_; }
  bool cancelled() const { return stop_.stop_requested(); }

  void set_total(double total, std::string unit);
  void set_done(double done);
  void advance(double delta);
  void message(std::string text);  // a status line; also logged at info
  Logger& log();

 private:
  JobRunner& runner_;
  std::shared_ptr<JobRecord> record_;
  std::stop_token stop_;
};

using JobFunction = std::function<Result<std::string>(JobContext&)>;

class JobHandle {
 public:
  JobHandle() = default;
  JobId id() const { return id_; }
  bool valid() const { return runner_ != nullptr; }
  void cancel() const;
  // Blocks until the job finished; returns its final info.
  JobInfo wait() const;

 private:
  friend class JobRunner;
  JobHandle(JobRunner* runner, JobId id) : runner_(runner), id_(id) {}
  JobRunner* runner_ = nullptr;
  JobId id_ = 0;
};

class JobRunner {
 public:
  JobRunner(std::size_t workers, Logger& logger);
  ~JobRunner();  // requests stop on every job and joins the workers
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  JobHandle submit(std::string name, JobFunction job);
  bool cancel(JobId id);
  JobInfo wait(JobId id);
  std::optional<JobInfo> find(JobId id) const;

  Published<JobsSnapshot>& snapshots() { return snapshots_; }
  std::size_t running_count() const;
  Logger& logger() { return logger_; }

 private:
  friend class JobContext;
  void worker_loop(std::stop_token stop);
  void run_one(const std::shared_ptr<JobRecord>& record);
  void publish(bool force);
  void mark_completed(JobId id);

  Logger& logger_;
  mutable std::mutex mutex_;
  std::condition_variable_any work_available_;
  std::condition_variable job_finished_;
  std::deque<std::shared_ptr<JobRecord>> queue_;
  std::map<JobId, std::shared_ptr<JobRecord>> jobs_;
  JobId next_id_ = 1;
  Clock::time_point last_publish_{};
  Published<JobsSnapshot> snapshots_;
  std::vector<std::jthread> workers_;
};

}  // namespace opsdeck::core
