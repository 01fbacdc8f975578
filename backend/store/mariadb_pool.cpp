// MariadbPool: at most max_size connections, opened lazily. An idle connection is pinged before it is handed
// out (ping reconnects once when the server came back); one whose ping fails is dropped, not reused.
#include "backend/store/mariadb_pool.hpp"

#include <utility>

namespace opsdeck::store {

MariadbPool::MariadbPool(MariadbOptions options, std::size_t max_size)
    : options_(std::move(options)), max_size_(max_size == 0 ? 1 : max_size) {
}

MariadbPool::~MariadbPool() = default;

MariadbPool::Lease::Lease(MariadbPool* pool, std::unique_ptr<MariadbConnection> connection)
    : pool_(pool), connection_(std::move(connection)) {
}

MariadbPool::Lease::~Lease() {
  if (pool_ != nullptr && connection_ != nullptr) {
    pool_->give_back(std::move(connection_));
  }
}

core::Result<MariadbPool::Lease> MariadbPool::acquire(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (true) {
    if (!idle_.empty()) {
      std::unique_ptr<MariadbConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      ++leased_;
      lock.unlock();  // ping is a round trip; other threads may use the pool meanwhile
      if (connection->ping().ok()) {
        return Lease(this, std::move(connection));
      }
      connection.reset();  // broken: dropped, and its slot is free again
      lock.lock();
      --leased_;
      available_.notify_one();
      continue;
    }
    if (leased_ < max_size_) {
      ++leased_;
      lock.unlock();
      auto connected = MariadbConnection::connect(options_);
      if (connected.ok()) {
        return Lease(this, std::move(connected).value());
      }
      lock.lock();
      --leased_;
      available_.notify_one();
      return core::Unexpected{connected.error()};
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        leased_ >= max_size_) {
      return core::fail(core::ErrorCategory::kTimeout,
                        "mariadb pool for " + options_.describe() + ": all " + std::to_string(max_size_) +
                            " connections stayed in use for " + std::to_string(timeout.count()) + " ms");
    }
  }
}

void MariadbPool::give_back(std::unique_ptr<MariadbConnection> connection) {
  // A lease must not hand an open transaction to the next user.
  if (connection->in_transaction() && !connection->rollback().ok()) {
    connection.reset();
  }
  std::lock_guard lock(mutex_);
  --leased_;
  if (connection) {
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

std::size_t MariadbPool::idle_count() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

std::size_t MariadbPool::size() const {
  std::lock_guard lock(mutex_);
  return idle_.size() + leased_;
}

}  // namespace opsdeck::store
