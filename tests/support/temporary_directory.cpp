// Temporary directories for tests, each with an .owner file naming the test process so that leftovers of a
// crashed run can be told from directories of a run still going.
#include "tests/support/temporary_directory.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>

#include "backend/core/process.hpp"
#include "backend/stack/pid_file.hpp"
#include "backend/stack/stack_engine.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTemplate = "/tmp/opsdeck-t-XXXXXX";
constexpr std::string_view kPrefix = "opsdeck-t-";
constexpr const char* kOwnerFile = ".owner";

}  // namespace

void stop_stack_quietly(const fs::path& state_dir) {
  std::error_code error;
  if (!fs::exists(state_dir / "stack", error)) {
    return;
  }
  stack::StackSettings settings;
  settings.state_dir = state_dir;
  settings.start_timeout = std::chrono::seconds(10);
  settings.stop_timeout = std::chrono::seconds(20);
  (void)stack::StackEngine(settings).down();
}

TemporaryDirectory::TemporaryDirectory() : owner_(::getpid()) {
  std::string name = kTemplate;
  if (::mkdtemp(name.data()) == nullptr) {
    ADD_FAILURE() << "cannot create a temporary directory " << kTemplate << ": " << std::strerror(errno);
    return;
  }
  path_ = name;
  std::ofstream(path_ / kOwnerFile) << owner_ << '\n';
}

TemporaryDirectory::TemporaryDirectory(TemporaryDirectory&& other) noexcept
    : path_(std::exchange(other.path_, {})), owner_(other.owner_) {
}

TemporaryDirectory::~TemporaryDirectory() {
  if (path_.empty() || ::getpid() != owner_) {
    return;
  }
  stop_stack_quietly(path_);
  std::error_code error;
  fs::remove_all(path_, error);
}

void TemporaryDirectory::sweep_abandoned() {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/tmp", error)) {
    const auto name = entry.path().filename().string();
    if (!name.starts_with(kPrefix)) {
      continue;
    }
    // No .owner yet means its creator is between mkdtemp and writing it: leave it alone.
    auto owner = stack::read_pid_file(entry.path() / kOwnerFile);
    if (!owner || core::pid_alive(*owner)) {
      continue;
    }
    stop_stack_quietly(entry.path());
    fs::remove_all(entry.path(), error);
  }
}

}  // namespace opsdeck::testing
