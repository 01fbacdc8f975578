// A stack test suite shares one state directory across its tests (mariadb-install-db runs once per suite,
// not once per test); each test first brings the stack to the state it needs. The directory, and any
// servers still running in it, go away after the suite.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "backend/stack/stack_engine.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::testing {

class StackTestFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { directory_.emplace(); }
  static void TearDownTestSuite() { directory_.reset(); }

  static stack::StackSettings settings() {
    stack::StackSettings settings;
    settings.state_dir = directory_->path();
    settings.start_timeout = std::chrono::seconds(60);
    settings.stop_timeout = std::chrono::seconds(30);
    return settings;
  }

  static const std::filesystem::path& state_dir() { return directory_->path(); }

  // Status of one server by name; fails the test when missing.
  static const stack::ServerStatus* find_server(const stack::StackStatus& status, std::string_view name) {
    for (const auto& server : status.servers) {
      if (server.name == name) {
        return &server;
      }
    }
    ADD_FAILURE() << "no server named " << name << " in the status";
    return nullptr;
  }

  static inline std::optional<TemporaryDirectory> directory_;
};

}  // namespace opsdeck::testing
