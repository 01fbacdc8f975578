// SigpipeGuard: while alive, a write to a closed socket on this thread returns EPIPE instead of killing the
// process with SIGPIPE. hiredis writes with write(2), not send(MSG_NOSIGNAL), and a library must not change
// the process-wide signal disposition behind the application's back.
#pragma once

#include <signal.h>

namespace opsdeck::store {

class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t previous_mask_;
  bool was_pending_ = false;  // a SIGPIPE that was already pending is not ours to swallow
};

}  // namespace opsdeck::store
