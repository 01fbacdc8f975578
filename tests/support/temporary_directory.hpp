// TemporaryDirectory: a fresh directory under /tmp for one test or one test binary, removed when the owner is
// done. Paths stay short on purpose: a stack inside puts unix sockets there and those are limited to 107
// bytes. If a stack was started inside, it is stopped before the directory goes, so a failed test never
// leaves a mariadbd behind; directories left by a crashed test binary are swept by sweep_abandoned().
#pragma once

#include <sys/types.h>

#include <filesystem>

namespace opsdeck::testing {

class TemporaryDirectory {
 public:
  TemporaryDirectory();  // fails the current test (ADD_FAILURE) when /tmp is unusable
  TemporaryDirectory(TemporaryDirectory&& other) noexcept;
  TemporaryDirectory& operator=(TemporaryDirectory&&) = delete;
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  ~TemporaryDirectory();

  const std::filesystem::path& path() const { return path_; }

  // Stops the stacks in, and removes, every /tmp/opsdeck-t-* directory whose owning process is gone.
  static void sweep_abandoned();

 private:
  std::filesystem::path path_;
  pid_t owner_ = 0;  // a forked child (death test) must not remove its parent's directory
};

// Stops a stack under `state_dir` if one runs there (quick timeouts; for cleanup only).
void stop_stack_quietly(const std::filesystem::path& state_dir);

}  // namespace opsdeck::testing
