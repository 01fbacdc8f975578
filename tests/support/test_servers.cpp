// One stack per test binary: started lazily under a mutex, stopped by a gtest Environment at the end of
// RUN_ALL_TESTS and, as a fallback for binaries that exit another way, by the singleton's destructor.
#include "tests/support/test_servers.hpp"

#include <unistd.h>

#include <iostream>
#include <mutex>
#include <optional>

#include "backend/stack/stack_engine.hpp"
#include "tests/support/source_tree.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::testing {
namespace {

class TestServers {
 public:
  static TestServers& instance() {
    static TestServers servers;
    return servers;
  }

  ~TestServers() { shutdown(); }

  // Starts both servers once; later calls return the first outcome (a broken install stays broken).
  ::testing::AssertionResult ensure_started() {
    std::lock_guard lock(mutex_);
    if (!engine_) {
      start_locked();
    }
    if (start_error_) {
      return ::testing::AssertionFailure() << "the test stack did not start: " << *start_error_;
    }
    return ::testing::AssertionSuccess();
  }

  stack::StackEngine& engine() {
    (void)ensure_started();
    return *engine_;
  }

  ::testing::AssertionResult start(stack::StackServerId server) {
    if (auto started = ensure_started(); !started) {
      return started;
    }
    std::lock_guard lock(mutex_);
    auto status = engine_->start_server(server);
    if (!status) {
      return ::testing::AssertionFailure() << status.error().describe();
    }
    return ::testing::AssertionSuccess();
  }

  ::testing::AssertionResult stop(stack::StackServerId server) {
    if (auto started = ensure_started(); !started) {
      return started;
    }
    std::lock_guard lock(mutex_);
    auto entry = engine_->stop_server(server);
    if (!entry) {
      return ::testing::AssertionFailure() << entry.error().describe();
    }
    if (!entry->stopped) {
      return ::testing::AssertionFailure() << entry->name << ": " << entry->note;
    }
    return ::testing::AssertionSuccess();
  }

  void shutdown() {
    std::lock_guard lock(mutex_);
    // A forked child (death test) exiting must not stop its parent's servers.
    if (!engine_ || ::getpid() != owner_) {
      return;
    }
    auto report = engine_->down();
    if (!report || !report->all_stopped()) {
      std::cerr << "opsdeck test servers: could not stop everything in " << directory_->path() << "\n";
    }
    engine_.reset();
    directory_.reset();  // removes the directory
  }

 private:
  TestServers() = default;

  void start_locked() {
    owner_ = ::getpid();
    TemporaryDirectory::sweep_abandoned();
    directory_.emplace();
    stack::StackSettings settings;
    settings.state_dir = directory_->path();
    engine_.emplace(settings);
    auto status = engine_->up();
    if (!status) {
      start_error_ = status.error().describe();
      std::cerr << "opsdeck test servers: " << *start_error_ << "\n";
      return;
    }
    std::cerr << "opsdeck test servers in " << directory_->path().string() << ":";
    for (const auto& server : status->servers) {
      std::cerr << " " << server.name << " " << server.version << " (pid " << server.pid << ")";
    }
    std::cerr << "\n";
  }

  std::mutex mutex_;
  pid_t owner_ = 0;
  std::optional<TemporaryDirectory> directory_;
  std::optional<stack::StackEngine> engine_;
  std::optional<std::string> start_error_;
};

class TestServersEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { TestServers::instance().shutdown(); }
};

// gtest takes ownership of the environment; registering it from a static initializer means no test binary
// needs its own main().
[[maybe_unused]] const ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new TestServersEnvironment);  // NOLINT: ownership passes to gtest

stack::StackEngine& started_engine() {
  if (auto started = TestServers::instance().ensure_started(); !started) {
    ADD_FAILURE() << started.message();
  }
  return TestServers::instance().engine();
}

::testing::AssertionResult restart(stack::StackServerId server) {
  if (auto stopped = TestServers::instance().stop(server); !stopped) {
    return stopped;
  }
  return TestServers::instance().start(server);
}

}  // namespace

store::MariadbOptions mariadb_options() {
  return started_engine().mariadb_options();
}
store::RedisOptions redis_options() {
  return started_engine().redis_options();
}
std::filesystem::path state_dir() {
  return started_engine().directory().parent_path();
}
::testing::AssertionResult servers_ready() {
  return TestServers::instance().ensure_started();
}

::testing::AssertionResult stop_mariadb() {
  return TestServers::instance().stop(stack::StackServerId::kMariadb);
}
::testing::AssertionResult start_mariadb() {
  return TestServers::instance().start(stack::StackServerId::kMariadb);
}
::testing::AssertionResult restart_mariadb() {
  return restart(stack::StackServerId::kMariadb);
}
::testing::AssertionResult stop_redis() {
  return TestServers::instance().stop(stack::StackServerId::kRedis);
}
::testing::AssertionResult start_redis() {
  return TestServers::instance().start(stack::StackServerId::kRedis);
}
::testing::AssertionResult restart_redis() {
  return restart(stack::StackServerId::kRedis);
}

std::filesystem::path opsdeck_binary() {
  return opsdeck::testing::binary_dir() / "tui" / "opsdeck";
}

}  // namespace opsdeck::testing
