// StackLock: an flock on <state-dir>/stack/.lock held during `up` and `down`, so that two opsdeck processes
// (or two threads) never start two mariadbds on one data directory. The kernel drops the lock when the
// holder dies, so a crashed `up` never leaves the stack locked.
#pragma once

#include <chrono>
#include <filesystem>
#include <stop_token>

#include "backend/core/result.hpp"

namespace opsdeck::stack {

class StackLock {
 public:
  // Waits up to `timeout` for another holder to finish; kConflict when it does not, kCancelled when `stop`
  // is requested first.
  static core::Result<StackLock> acquire(const std::filesystem::path& lock_file,
                                         std::chrono::milliseconds timeout, std::stop_token stop = {});

  StackLock(StackLock&& other) noexcept;
  StackLock& operator=(StackLock&&) = delete;
  StackLock(const StackLock&) = delete;
  StackLock& operator=(const StackLock&) = delete;
  ~StackLock();

 private:
  explicit StackLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace opsdeck::stack
