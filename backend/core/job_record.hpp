// JobRecord: the runner's mutable, lock-protected state of one job; snapshots are copied out of it.
#pragma once

#include <memory>
#include <mutex>
#include <stop_token>

#include "backend/core/job.hpp"
#include "backend/core/job_runner.hpp"

namespace opsdeck::core {

struct JobRecord {
  JobInfo info;
  JobFunction function;
  std::stop_source stop;
  Clock::time_point started{};
  Clock::time_point finished{};
  // Rate smoothing: the last sample that moved the exponential moving average.
  Clock::time_point rate_sample_time{};
  double rate_sample_done = 0;
  // Set once the final state is logged and published; wait() waits for this, not for the state alone.
  bool completed = false;
};

}  // namespace opsdeck::core
