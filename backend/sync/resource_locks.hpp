// ResourceLocks: MariaDB GET_LOCK on one (resource type, scope) each, held on a dedicated connection for the
// whole load and cleanup of a provider, so two jobs on any host never sync the same thing at once. Locks are
// taken in sorted order (no deadlock between two providers sharing types); waiting is done in slices of at
// most a second so a cancelled job stops waiting. When the timeout passes, the error names the resource and
// the holder (IS_USED_LOCK -> connection id -> PROCESSLIST user@host). Destruction releases everything.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/sync/provider.hpp"

namespace opsdeck::sync {

// "node Host @ host:web1": how a lock is named in messages.
std::string describe_resource(const ResourceScope& resource);
// The GET_LOCK name: "opsdeck.sync." + 40 hex digits of SHA-1 over kind, name and scope (lock names are
// limited to 64 characters; scopes are longer).
std::string resource_lock_name(const ResourceScope& resource);

class ResourceLocks {
 public:
  // `on_wait` is told when a lock is busy and the wait starts (for progress lines); may be empty.
  static core::Result<std::unique_ptr<ResourceLocks>> acquire(
      const store::MariadbOptions& options, std::vector<ResourceScope> resources,
      std::chrono::seconds timeout, std::stop_token stop,
      const std::function<void(const std::string&)>& on_wait = {});
  ~ResourceLocks();
  ResourceLocks(const ResourceLocks&) = delete;
  ResourceLocks& operator=(const ResourceLocks&) = delete;

  std::size_t held() const { return held_.size(); }

 private:
  explicit ResourceLocks(std::unique_ptr<store::MariadbConnection> connection)
      : connection_(std::move(connection)) {}
  std::string holder_of(const std::string& lock_name);

  std::unique_ptr<store::MariadbConnection> connection_;
  std::vector<std::string> held_;
};

}  // namespace opsdeck::sync
