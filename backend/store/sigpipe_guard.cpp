// Blocks SIGPIPE on this thread and, on the way out, consumes a SIGPIPE our own writes raised (the usual
// technique for libraries; see also curl's sigpipe.h).
#include "backend/store/sigpipe_guard.hpp"

#include <pthread.h>

#include <cerrno>
#include <ctime>

namespace opsdeck::store {
namespace {

sigset_t sigpipe_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  return set;
}

}  // namespace

SigpipeGuard::SigpipeGuard() {
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  const sigset_t block = sigpipe_set();
  pthread_sigmask(SIG_BLOCK, &block, &previous_mask_);
}

SigpipeGuard::~SigpipeGuard() {
  if (!was_pending_) {
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) == 1) {
      const sigset_t wait_for = sigpipe_set();
      const timespec no_wait{0, 0};
      const int saved_errno = errno;
      while (sigtimedwait(&wait_for, nullptr, &no_wait) == -1 && errno == EINTR) {
      }
      errno = saved_errno;
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

}  // namespace opsdeck::store
