// JobRunner: worker threads pull queued jobs, run them with a JobContext and publish job state.
#include "backend/core/job_runner.hpp"

#include <algorithm>
#include <exception>

#include "backend/core/job_record.hpp"

namespace opsdeck::core {
namespace {

// Progress is published at most this often per runner; state changes are published at once. Ten updates a
// second is smooth for a person and cheap for a job that reports a million rows.
constexpr auto kProgressPublishInterval = std::chrono::milliseconds(100);
// Rate is an exponential moving average over samples at least this far apart, so it neither jitters nor lags.
constexpr auto kRateSampleInterval = std::chrono::milliseconds(250);
constexpr double kRateSmoothing = 0.3;

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

std::string_view to_string(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kSucceeded:
      return "succeeded";
    case JobState::kFailed:
      return "failed";
    case JobState::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::size_t JobsSnapshot::running() const {
  return static_cast<std::size_t>(std::count_if(jobs.begin(), jobs.end(), [](const JobInfo& job) {
    return job.state == JobState::kRunning || job.state == JobState::kQueued;
  }));
}

JobContext::JobContext(JobRunner& runner, std::shared_ptr<JobRecord> record, std::stop_token stop)
    : runner_(runner), record_(std::move(record)), stop_(std::move(stop)) {
}

JobId JobContext::id() const {
  return record_->info.id;
}

void JobContext::set_total(double total, std::string unit) {
  {
    std::lock_guard lock(runner_.mutex_);
    record_->info.progress.total = total;
    record_->info.progress.unit = std::move(unit);
  }
  runner_.publish(false);
}

void JobContext::set_done(double done) {
  {
    std::lock_guard lock(runner_.mutex_);
    auto& progress = record_->info.progress;
    progress.done = done;
    auto now = Clock::now();
    double interval = seconds_between(record_->rate_sample_time, now);
    if (interval * 1000 >= static_cast<double>(kRateSampleInterval.count())) {
      double instant = (done - record_->rate_sample_done) / interval;
      progress.rate_per_second =
          progress.rate_per_second == 0
              ? instant
              : kRateSmoothing * instant + (1 - kRateSmoothing) * progress.rate_per_second;
      record_->rate_sample_time = now;
      record_->rate_sample_done = done;
    }
    progress.eta_seconds = (progress.total > 0 && progress.rate_per_second > 0)
                               ? std::max(0.0, (progress.total - done) / progress.rate_per_second)
                               : -1;
  }
  runner_.publish(false);
}

void JobContext::advance(double delta) {
  double done;
  {
    std::lock_guard lock(runner_.mutex_);
    done = record_->info.progress.done + delta;
  }
  set_done(done);
}

void JobContext::message(std::string text) {
  runner_.logger().info("job " + std::to_string(record_->info.id), text);
  {
    std::lock_guard lock(runner_.mutex_);
    record_->info.message = std::move(text);
  }
  runner_.publish(true);
}

Logger& JobContext::log() {
  return runner_.logger();
}

void JobHandle::cancel() const {
  if (runner_ != nullptr) {
    runner_->cancel(id_);
  }
}

JobInfo JobHandle::wait() const {
  return runner_ != nullptr ? runner_->wait(id_) : JobInfo{};
}

JobRunner::JobRunner(std::size_t workers, Logger& logger) : logger_(logger) {
  workers = std::max<std::size_t>(workers, 1);
  workers_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) {
    workers_.emplace_back([this](std::stop_token stop) { worker_loop(stop); });
  }
}

JobRunner::~JobRunner() {
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, record] : jobs_) {
      record->stop.request_stop();
    }
  }
  for (auto& worker : workers_) {
    worker.request_stop();
  }
  work_available_.notify_all();
  workers_.clear();  // joins
}

JobHandle JobRunner::submit(std::string name, JobFunction job) {
  auto record = std::make_shared<JobRecord>();
  record->function = std::move(job);
  record->info.name = std::move(name);
  record->info.created_at = std::chrono::system_clock::now();
  JobId id;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    record->info.id = id;
    jobs_.emplace(id, record);
    queue_.push_back(record);
  }
  logger_.info("jobs", "queued job " + std::to_string(id) + ": " + record->info.name);
  work_available_.notify_one();
  publish(true);
  return JobHandle(this, id);
}

bool JobRunner::cancel(JobId id) {
  bool cancelled_queued = false;
  {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(id);
    if (it == jobs_.end() || is_finished(it->second->info.state)) {
      return false;
    }
    it->second->stop.request_stop();
    if (it->second->info.state == JobState::kQueued) {
      // Never started: finish it here so it does not wait for a worker.
      std::erase(queue_, it->second);
      it->second->info.state = JobState::kCancelled;
      it->second->info.error = "cancelled before it started";
      cancelled_queued = true;
    }
  }
  logger_.info("jobs", "cancel requested for job " + std::to_string(id));
  publish(true);
  if (cancelled_queued) {
    mark_completed(id);
  }
  return true;
}

JobInfo JobRunner::wait(JobId id) {
  std::unique_lock lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) {
    return {};
  }
  auto record = it->second;
  job_finished_.wait(lock, [&] { return record->completed; });
  return record->info;
}

std::optional<JobInfo> JobRunner::find(JobId id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) {
    return std::nullopt;
  }
  return it->second->info;
}

std::size_t JobRunner::running_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(
      jobs_.begin(), jobs_.end(), [](const auto& entry) { return !is_finished(entry.second->info.state); }));
}

void JobRunner::worker_loop(std::stop_token stop) {
  while (true) {
    std::shared_ptr<JobRecord> record;
    {
      std::unique_lock lock(mutex_);
      if (!work_available_.wait(lock, stop, [&] { return !queue_.empty(); })) {
        return;  // stop requested and nothing left to run
      }
      record = queue_.front();
      queue_.pop_front();
      record->info.state = JobState::kRunning;
      record->started = Clock::now();
      record->rate_sample_time = record->started;
    }
    publish(true);
    run_one(record);
  }
}

void JobRunner::run_one(const std::shared_ptr<JobRecord>& record) {
  JobContext context(*this, record, record->stop.get_token());
  Result<std::string> outcome = fail(ErrorCategory::kInternal, "job did not run");
  // A job is engine code; an exception escaping it must not take the worker thread (or the console) down.
  try {
    outcome = record->function(context);
  } catch (const std::exception& e) {
    outcome = fail(ErrorCategory::kInternal, std::string("unexpected exception: ") + e.what());
  } catch (...) {
    outcome = fail(ErrorCategory::kInternal, "unexpected exception");
  }
  std::string line;
  {
    std::lock_guard lock(mutex_);
    auto& info = record->info;
    record->finished = Clock::now();
    info.elapsed_seconds = seconds_between(record->started, record->finished);
    if (outcome.ok()) {
      info.state = JobState::kSucceeded;
      info.result = *outcome;
      if (info.progress.total > 0) {
        info.progress.done = info.progress.total;
      }
      info.progress.eta_seconds = 0;
      line = "job " + std::to_string(info.id) + " succeeded: " + info.result;
    } else if (outcome.error().category == ErrorCategory::kCancelled || record->stop.stop_requested()) {
      info.state = JobState::kCancelled;
      info.error = outcome.ok() ? "cancelled" : outcome.error().message;
      line = "job " + std::to_string(info.id) + " cancelled";
    } else {
      info.state = JobState::kFailed;
      info.error = outcome.error().message;
      line = "job " + std::to_string(info.id) + " failed: " + outcome.error().describe();
    }
  }
  if (record->info.state == JobState::kFailed) {
    logger_.error("jobs", line);
  } else {
    logger_.info("jobs", line);
  }
  publish(true);
  mark_completed(record->info.id);
}

void JobRunner::mark_completed(JobId id) {
  // Waiters wake only after the final state is logged and published, so what wait() returns is already
  // visible in the snapshot and the log.
  {
    std::lock_guard lock(mutex_);
    if (auto it = jobs_.find(id); it != jobs_.end()) {
      it->second->completed = true;
    }
  }
  job_finished_.notify_all();
}

void JobRunner::publish(bool force) {
  auto snapshot = std::make_shared<JobsSnapshot>();
  {
    std::lock_guard lock(mutex_);
    auto now = Clock::now();
    if (!force && now - last_publish_ < kProgressPublishInterval) {
      return;
    }
    last_publish_ = now;
    snapshot->jobs.reserve(jobs_.size());
    for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
      JobInfo info = it->second->info;
      if (info.state == JobState::kRunning) {
        info.elapsed_seconds = seconds_between(it->second->started, now);
      }
      snapshot->jobs.push_back(std::move(info));
    }
  }
  snapshots_.publish(std::shared_ptr<const JobsSnapshot>(std::move(snapshot)));
}

}  // namespace opsdeck::core
