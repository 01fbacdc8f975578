#include "backend/sync/resource_locks.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <thread>

namespace opsdeck::sync {
namespace {

std::string sha1_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

core::Result<std::optional<std::int64_t>> single_integer(const core::Result<store::QueryResult>& result) {
  if (!result.ok()) {
    return core::Unexpected{result.error()};
  }
  if (result->rows.empty()) {
    return std::optional<std::int64_t>{};
  }
  return result->rows[0].get<std::optional<std::int64_t>>(0);
}

}  // namespace

std::string describe_resource(const ResourceScope& resource) {
  return std::string(resource.kind == ResourceScope::Kind::kNode ? "node " : "relationship ") +
         resource.name + " @ " + resource.scope;
}

std::string resource_lock_name(const ResourceScope& resource) {
  std::string key = resource.kind == ResourceScope::Kind::kNode ? "node" : "relationship";
  key += '\0';
  key += resource.name;
  key += '\0';
  key += resource.scope;
  return "opsdeck.sync." + sha1_hex(key);
}

core::Result<std::unique_ptr<ResourceLocks>> ResourceLocks::acquire(
    const store::MariadbOptions& options, std::vector<ResourceScope> resources, std::chrono::seconds timeout,
    std::stop_token stop, const std::function<void(const std::string&)>& on_wait) {
  auto connection = store::MariadbConnection::connect(options);
  if (!connection.ok()) {
    return core::Unexpected{connection.error()};
  }
  std::unique_ptr<ResourceLocks> locks(new ResourceLocks(std::move(connection.value())));
  std::vector<std::pair<std::string, ResourceScope>> named;
  for (auto& resource : resources) {
    named.emplace_back(resource_lock_name(resource), std::move(resource));
  }
  std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  named.erase(std::unique(named.begin(), named.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              named.end());

  for (const auto& [lock_name, resource] : named) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool told = false;
    while (true) {
      // MariaDB takes fractional seconds; slices of at most one second keep cancellation prompt.
      std::chrono::duration<double> remaining = deadline - std::chrono::steady_clock::now();
      double slice = std::clamp(remaining.count(), 0.0, 1.0);
      auto got = single_integer(locks->connection_->execute("SELECT GET_LOCK(?, ?)", {lock_name, slice}));
      if (!got.ok()) {
        return core::Unexpected{got.error()};
      }
      if (got->has_value() && **got == 1) {
        locks->held_.push_back(lock_name);
        break;
      }
      if (stop.stop_requested()) {
        return core::fail(core::ErrorCategory::kCancelled,
                          "cancelled while waiting for the lock on " + describe_resource(resource));
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        return core::fail(core::ErrorCategory::kTimeout,
                          "lock on " + describe_resource(resource) + " is held by " +
                              locks->holder_of(lock_name) + "; gave up after " +
                              std::to_string(timeout.count()) + " s (--lock-timeout)");
      }
      if (!told && on_wait) {
        on_wait("waiting for the lock on " + describe_resource(resource) + ", held by " +
                locks->holder_of(lock_name));
        told = true;
      }
    }
  }
  return locks;
}

std::string ResourceLocks::holder_of(const std::string& lock_name) {
  auto holder = single_integer(connection_->execute("SELECT IS_USED_LOCK(?)", {lock_name}));
  if (!holder.ok() || !holder->has_value()) {
    return "another session (it was released just now)";
  }
  const std::int64_t connection_id = **holder;
  std::string text = "connection " + std::to_string(connection_id);
  auto who = connection_->execute(
      "SELECT USER, HOST, COALESCE(DB, ''), TIME FROM information_schema.PROCESSLIST WHERE ID = ?",
      {connection_id});
  if (who.ok() && !who->rows.empty()) {
    const auto& row = who->rows[0];
    auto user = row.get<std::string>(0);
    auto host = row.get<std::string>(1);
    auto seconds = row.get<std::optional<std::int64_t>>(3);
    if (user.ok() && host.ok()) {
      text += " (" + *user + "@" + *host;
      if (seconds.ok() && seconds->has_value()) {
        text += ", in its current state for " + std::to_string(**seconds) + " s";
      }
      text += ")";
    }
  } else {
    text += " (its user is not visible without the PROCESS privilege)";
  }
  return text;
}

ResourceLocks::~ResourceLocks() {
  for (const auto& lock_name : held_) {
    [[maybe_unused]] auto released = connection_->execute("SELECT RELEASE_LOCK(?)", {lock_name});
  }
}

}  // namespace opsdeck::sync
