// A small pool of MariaDB connections shared by worker threads. acquire() hands out a lease that returns the
// connection on destruction; a connection that broke is dropped rather than returned.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::store {

class MariadbPool {
 public:
  MariadbPool(MariadbOptions options, std::size_t max_size);
  ~MariadbPool();

  class Lease {
   public:
    Lease(MariadbPool* pool, std::unique_ptr<MariadbConnection> connection);
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    MariadbConnection& operator*() { return *connection_; }
    MariadbConnection* operator->() { return connection_.get(); }

   private:
    MariadbPool* pool_;
    std::unique_ptr<MariadbConnection> connection_;
  };

  // Waits up to `timeout` for a free connection when `max_size` are in use.
  core::Result<Lease> acquire(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::size_t idle_count() const;
  std::size_t size() const;  // idle + leased

 private:
  void give_back(std::unique_ptr<MariadbConnection> connection);

  MariadbOptions options_;
  std::size_t max_size_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<MariadbConnection>> idle_;
  std::size_t leased_ = 0;
};

}  // namespace opsdeck::store
