// Runs N independent tasks on a few worker threads while the calling thread reports progress to the job
// (JobContext is updated from one thread only). The first failure stops the remaining tasks.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "backend/core/job_runner.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

struct ParallelProgress {
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::uint64_t> files{0};
};

// `task(index)` runs once per index in [0, count); indexes are handed out in order. Returns the first error
// (kCancelled when the job was cancelled).
core::Status run_parallel(std::size_t count, unsigned workers,
                          const std::function<core::Status(std::size_t)>& task, ParallelProgress& progress,
                          core::JobContext& job);

}  // namespace opsdeck::backup
