// WakeupFd: an eventfd that any thread signals and the UI thread polls, so the UI sleeps in poll() until
// something changed instead of waking on a timer.
#pragma once

namespace opsdeck::core {

class WakeupFd {
 public:
  WakeupFd();
  ~WakeupFd();
  WakeupFd(const WakeupFd&) = delete;
  WakeupFd& operator=(const WakeupFd&) = delete;

  int fd() const { return fd_; }
  void notify() const;  // async-signal-safe, thread-safe
  void drain() const;   // called by the poller after waking

 private:
  int fd_;
};

}  // namespace opsdeck::core
