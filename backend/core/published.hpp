// Published<T>: one slot of the snapshot store. A writer swaps in a new immutable snapshot; readers copy the
// shared_ptr under a short lock and render it without holding anything. Each publish bumps a version and
// calls the wake-up hook, so the UI thread redraws only when something changed.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace opsdeck::core {

template <typename T>
class Published {
 public:
  Published() : current_(std::make_shared<const T>()) {}

  void publish(std::shared_ptr<const T> next) {
    {
      std::lock_guard lock(mutex_);
      current_ = std::move(next);
      version_.fetch_add(1, std::memory_order_release);
    }
    std::function<void()> hook;
    {
      std::lock_guard lock(mutex_);
      hook = on_publish_;
    }
    if (hook) {
      hook();
    }
  }
  void publish(T next) { publish(std::make_shared<const T>(std::move(next))); }

  std::shared_ptr<const T> latest() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

  // Called after every publish, on the publishing thread; the console sets it to its wake-up fd.
  void on_publish(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    on_publish_ = std::move(hook);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const T> current_;
  std::atomic<std::uint64_t> version_{0};
  std::function<void()> on_publish_;
};

}  // namespace opsdeck::core
