// Job state as published to the console and the CLI: immutable values, copied out of the runner.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::core {

enum class JobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };
std::string_view to_string(JobState state);
inline bool is_finished(JobState state) {
  return state == JobState::kSucceeded || state == JobState::kFailed || state == JobState::kCancelled;
}

using JobId = std::uint64_t;
using Clock = std::chrono::steady_clock;

struct JobProgress {
  double done = 0;
  double total = 0;            // 0 = unknown
  std::string unit;            // "bytes", "rows", "files"
  double rate_per_second = 0;  // smoothed
  double eta_seconds = -1;     // -1 = unknown
  // 0..1 when total is known, else -1.
  double fraction() const { return total > 0 ? (done >= total ? 1.0 : done / total) : -1.0; }
};

struct JobInfo {
  JobId id = 0;
  std::string name;  // "stack up", "backup /srv/synapse"
  JobState state = JobState::kQueued;
  JobProgress progress;
  std::string message;  // last status line
  std::string result;   // summary on success
  std::string error;    // why it failed
  std::chrono::system_clock::time_point created_at{};
  double elapsed_seconds = 0;
};

struct JobsSnapshot {
  std::vector<JobInfo> jobs;  // newest first
  std::size_t running() const;
};

}  // namespace opsdeck::core
