// WakeupFd over eventfd: non-blocking, so notify never blocks a worker and drain never blocks the UI.
#include "backend/core/wakeup_fd.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace opsdeck::core {

WakeupFd::WakeupFd() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
}

WakeupFd::~WakeupFd() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

void WakeupFd::notify() const {
  std::uint64_t one = 1;
  // A full counter (EAGAIN) already means "wake up", so the result can be ignored.
  [[maybe_unused]] auto written = ::write(fd_, &one, sizeof one);
}

void WakeupFd::drain() const {
  std::uint64_t count = 0;
  [[maybe_unused]] auto read_bytes = ::read(fd_, &count, sizeof count);
}

}  // namespace opsdeck::core
