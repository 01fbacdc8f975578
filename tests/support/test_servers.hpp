// The shared integration-test fixture: ONE private mariadbd and ONE redis-server per test binary (not per
// test), on unix sockets in a short temporary state directory. Started by StackEngine on first use, stopped
// and removed when the binary exits. Tests that need the servers just ask for the options:
//
//   auto connection = store::MariadbConnection::connect(opsdeck::testing::mariadb_options());
//
// If the servers cannot be started, every accessor fails the calling test with the reason (missing package,
// mariadbd's error log) and still returns options, which then point at a socket nobody listens on.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

#include "backend/store/mariadb_options.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::testing {

// The servers, started if needed. MariaDB: unix socket, the OS user (unix_socket authentication), database
// "opsdeck". Redis: unix socket, db 0.
store::MariadbOptions mariadb_options();
store::RedisOptions redis_options();
// The state directory of the fixture's stack (<dir>/stack/{mariadb,redis}/...).
std::filesystem::path state_dir();
// Success when both servers run; the failure says why not. ASSERT_TRUE(opsdeck::testing::servers_ready());
::testing::AssertionResult servers_ready();

// For reconnect tests. stop_* waits until the process is gone; start_* until the server answers again
// (same data, same socket, new pid); restart_* is both.
::testing::AssertionResult stop_mariadb();
::testing::AssertionResult start_mariadb();
::testing::AssertionResult restart_mariadb();
::testing::AssertionResult stop_redis();
::testing::AssertionResult start_redis();
::testing::AssertionResult restart_redis();

// The built `opsdeck` executable, for end-to-end CLI tests.
std::filesystem::path opsdeck_binary();

}  // namespace opsdeck::testing
