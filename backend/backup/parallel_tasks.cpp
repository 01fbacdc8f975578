#include "backend/backup/parallel_tasks.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace opsdeck::backup {

core::Status run_parallel(std::size_t count, unsigned workers,
                          const std::function<core::Status(std::size_t)>& task, ParallelProgress& progress,
                          core::JobContext& job) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable finished;
  std::optional<core::Error> first_error;
  unsigned running =
      std::max(1u, std::min<unsigned>(workers, static_cast<unsigned>(std::max<std::size_t>(count, 1))));
  unsigned alive = running;
  std::vector<std::thread> threads;
  threads.reserve(running);
  for (unsigned worker = 0; worker < running; ++worker) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        const std::size_t index = next.fetch_add(1);
        if (index >= count) {
          break;
        }
        if (job.cancelled()) {
          std::lock_guard lock(mutex);
          if (!first_error) {
            first_error = core::make_error(core::ErrorCategory::kCancelled, "the backup job was cancelled");
          }
          stop = true;
          break;
        }
        auto status = task(index);
        if (!status.ok()) {
          std::lock_guard lock(mutex);
          if (!first_error) {
            first_error = status.error();
          }
          stop = true;
          break;
        }
        progress.files.fetch_add(1);
      }
      std::lock_guard lock(mutex);
      --alive;
      finished.notify_all();
    });
  }
  {
    std::unique_lock lock(mutex);
    while (alive > 0) {
      finished.wait_for(lock, std::chrono::milliseconds(200));
      lock.unlock();
      job.set_done(static_cast<double>(progress.bytes.load()));
      lock.lock();
    }
  }
  for (auto& thread : threads) {
    thread.join();
  }
  job.set_done(static_cast<double>(progress.bytes.load()));
  if (first_error) {
    return core::Unexpected{*first_error};
  }
  return {};
}

}  // namespace opsdeck::backup
