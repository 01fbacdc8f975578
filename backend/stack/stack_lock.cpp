// The flock itself. O_CLOEXEC matters here: a server spawned while we hold the lock must not inherit the
// descriptor, or the lock would live as long as mariadbd does.
#include "backend/stack/stack_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

namespace opsdeck::stack {

core::Result<StackLock> StackLock::acquire(const std::filesystem::path& lock_file,
                                           std::chrono::milliseconds timeout, std::stop_token stop) {
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return core::fail(core::ErrorCategory::kIo,
                      "cannot open lock file " + lock_file.string() + ": " + std::strerror(errno));
  }
  StackLock lock(fd);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      return core::fail(core::ErrorCategory::kIo,
                        "cannot lock " + lock_file.string() + ": " + std::strerror(errno));
    }
    if (stop.stop_requested()) {
      return core::fail(core::ErrorCategory::kCancelled, "cancelled while waiting for " + lock_file.string());
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return core::fail(
          core::ErrorCategory::kConflict,
          "another opsdeck is starting or stopping the stack (" + lock_file.string() + " is locked)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return lock;
}

StackLock::StackLock(StackLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {
}

StackLock::~StackLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // closing the last descriptor of the open file releases the flock
  }
}

}  // namespace opsdeck::stack
