// Helpers shared by the stack's servers, and the command lines they build. No servers needed.
#include "backend/stack/stack_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>

#include "backend/core/process.hpp"
#include "backend/stack/mariadb_stack_server.hpp"
#include "backend/stack/redis_stack_server.hpp"
#include "backend/stack/stack_port_file.hpp"

namespace opsdeck::stack {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(StackServerTest, LastLinesKeepsTheEnd) {
  EXPECT_EQ(last_lines("a\nb\nc\n", 2), "b\nc");
  EXPECT_EQ(last_lines("a\nb\nc", 1), "c");
  EXPECT_EQ(last_lines("a\nb", 5), "a\nb");
  EXPECT_EQ(last_lines("", 3), "");
}

TEST(StackServerTest, SocketPathLimitIs107Bytes) {
  EXPECT_TRUE(check_socket_path("/" + std::string(106, 's')).ok());
  auto too_long = check_socket_path("/" + std::string(107, 's'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().category, core::ErrorCategory::kInvalidInput);
  EXPECT_THAT(too_long.error().message, HasSubstr("is 108 bytes; unix sockets allow 107"));
}

TEST(StackServerTest, MissingPackageErrorSaysWhatToInstall) {
  auto error =
      missing_package_error(core::make_error(core::ErrorCategory::kUnavailable,
                                             "mariadbd not found (looked in /usr/sbin, /usr/bin, $PATH)"),
                            "mariadb-server");
  EXPECT_EQ(
      error.message,
      "mariadbd not found (looked in /usr/sbin, /usr/bin, $PATH): install the Debian package mariadb-server "
      "(apt-get install mariadb-server)");
}

TEST(StackServerTest, MariadbIsPrivateAndSmall) {
  StackSettings settings;
  settings.state_dir = "/tmp/state";
  MariadbStackServer server(settings);
  EXPECT_EQ(server.paths().socket, "/tmp/state/stack/mariadb/mariadb.sock");
  EXPECT_EQ(server.paths().pid_file, "/tmp/state/stack/mariadb/mariadbd.pid");
  EXPECT_EQ(server.paths().log_file, "/tmp/state/stack/mariadb/error.log");
  EXPECT_EQ(server.paths().data_dir, "/tmp/state/stack/mariadb/data");
  const auto arguments = server.command_line("/usr/sbin/mariadbd");
  ASSERT_GE(arguments.size(), 2U);
  EXPECT_EQ(arguments[1], "--no-defaults") << "must come first or mariadbd reads /etc/mysql";
  EXPECT_THAT(arguments, Contains("--skip-networking"));
  EXPECT_THAT(arguments, Contains("--performance-schema=OFF"));
  EXPECT_THAT(arguments, Contains("--innodb-buffer-pool-size=32M"));
  EXPECT_THAT(arguments, Contains("--socket=/tmp/state/stack/mariadb/mariadb.sock"));

  settings.mariadb_tcp_port = 13306;
  const auto with_tcp = MariadbStackServer(settings).command_line("/usr/sbin/mariadbd");
  EXPECT_THAT(with_tcp, Not(Contains("--skip-networking")));
  EXPECT_THAT(with_tcp, Contains("--port=13306"));
  EXPECT_THAT(with_tcp, Contains("--bind-address=127.0.0.1"));

  const auto options = server.connection_options();
  EXPECT_EQ(options.socket, "/tmp/state/stack/mariadb/mariadb.sock");
  EXPECT_EQ(options.database, "opsdeck");
  EXPECT_FALSE(options.user.empty());
}

TEST(StackServerTest, RedisListensOnItsSocketOnly) {
  StackSettings settings;
  settings.state_dir = "/tmp/state";
  RedisStackServer server(settings);
  EXPECT_EQ(server.paths().socket, "/tmp/state/stack/redis/redis.sock");
  EXPECT_EQ(server.paths().pid_file, "/tmp/state/stack/redis/redis.pid");
  const auto arguments = server.command_line("/usr/bin/redis-server");
  const auto port = std::find(arguments.begin(), arguments.end(), "--port");
  ASSERT_NE(port, arguments.end());
  EXPECT_EQ(*(port + 1), "0");
  const auto bind = std::find(arguments.begin(), arguments.end(), "--bind");
  ASSERT_NE(bind, arguments.end());
  EXPECT_EQ(*(bind + 1), "127.0.0.1");
  EXPECT_EQ(server.connection_options().socket, "/tmp/state/stack/redis/redis.sock");
}

// A stack last started with --tls (its port remembered in mariadb/tls-port) is described as such even by an
// engine whose settings do not ask for TLS: mariadbd's certificate options, TCP with verification.
TEST(StackServerTest, MariadbRememberedTlsStartsAndConnectsWithCertificates) {
  namespace fs = std::filesystem;
  std::string pattern = (fs::temp_directory_path() / "opsdeck-tls-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const fs::path state(pattern);
  fs::create_directories(state / "stack" / "mariadb");
  ASSERT_TRUE(write_port_file(state / "stack" / "mariadb" / "tls-port", 23306));

  StackSettings settings;
  settings.state_dir = state;
  const MariadbStackServer server(settings);
  EXPECT_TRUE(server.tls());
  EXPECT_EQ(server.tcp_port(), 23306U);
  const auto certs = state / "certs";
  const auto arguments = server.command_line("/usr/sbin/mariadbd");
  EXPECT_THAT(arguments, Not(Contains("--skip-networking")));
  EXPECT_THAT(arguments, Contains("--port=23306"));
  EXPECT_THAT(arguments, Contains("--bind-address=127.0.0.1"));
  EXPECT_THAT(arguments, Contains("--ssl-ca=" + (certs / "cas" / "opsdeck-local.crt").string()));
  EXPECT_THAT(arguments, Contains("--ssl-cert=" + (certs / "hosts" / "localhost.crt").string()));
  EXPECT_THAT(arguments, Contains("--ssl-key=" + (certs / "hosts" / "localhost.key").string()));
  EXPECT_THAT(arguments, Contains("--require-secure-transport=ON"));

  const auto options = server.connection_options();
  EXPECT_EQ(options.host, "127.0.0.1");
  EXPECT_EQ(options.port, 23306U);
  EXPECT_TRUE(options.socket.empty());
  EXPECT_TRUE(options.tls.verify_server);
  EXPECT_EQ(options.tls.ca_file, (certs / "cas" / "opsdeck-local.crt").string());
  const std::string client = core::current_user_name() + "@localhost";
  EXPECT_EQ(options.tls.cert_file, (certs / "users" / (client + ".crt")).string());
  EXPECT_EQ(options.tls.key_file, (certs / "users" / (client + ".key")).string());

  std::error_code error;
  fs::remove_all(state, error);
}

}  // namespace
}  // namespace opsdeck::stack
