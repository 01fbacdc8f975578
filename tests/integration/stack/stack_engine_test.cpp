// StackEngine against real mariadbd and redis-server: up, status, down, reuse, concurrency, TCP ports.
#include "backend/stack/stack_engine.hpp"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "backend/core/process.hpp"
#include "backend/stack/pid_file.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "backend/store/redis_client.hpp"
#include "tests/integration/stack/stack_test_fixture.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class StackEngineTest : public StackTestFixture {};

unsigned permissions_of(const fs::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? (info.st_mode & 07777) : 0;
}

// Field 6 of /proc/<pid>/stat: the session id.
pid_t session_of(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(file, line);
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string state;
  pid_t parent = 0, group = 0, session = 0;
  fields >> state >> parent >> group >> session;
  return session;
}

// How many live processes have `directory` as their current directory (a mariadbd per data directory).
int processes_in(const fs::path& directory) {
  int count = 0;
  const auto wanted = fs::weakly_canonical(directory);
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    auto cwd = core::process_cwd(std::stoi(name));
    count += cwd && *cwd == wanted && core::pid_alive(std::stoi(name)) ? 1 : 0;
  }
  return count;
}

unsigned free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Listening sockets on `port` from /proc/net/tcp{,6}, as "ADDRESS:PORT" in the kernel's hex notation.
std::vector<std::string> listeners_on(unsigned port) {
  char port_hex[8];
  std::snprintf(port_hex, sizeof port_hex, "%04X", port);
  std::vector<std::string> found;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream file(table);
    std::string line;
    std::getline(file, line);  // header
    while (std::getline(file, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state == "0A" && local.ends_with(std::string(":") + port_hex)) {
        found.push_back(local);
      }
    }
  }
  return found;
}

TEST_F(StackEngineTest, UpStartsBothServersDetachedUnderTheStateDirectory) {
  stack::StackEngine engine(settings());
  ASSERT_TRUE(engine.down().ok());

  // The console blocks these in every thread; the servers must not inherit that (down() below relies on it).
  sigset_t blocked, previous;
  sigemptyset(&blocked);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGWINCH}) {
    sigaddset(&blocked, signal_number);
  }
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &blocked, &previous), 0);
  auto status = engine.up();
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  ASSERT_TRUE(status.ok()) << status.error().describe();

  EXPECT_EQ(status->directory, state_dir() / "stack");
  ASSERT_EQ(status->servers.size(), 2U);
  EXPECT_TRUE(status->all_running());
  for (const auto& server : status->servers) {
    SCOPED_TRACE(server.name);
    EXPECT_TRUE(server.running);
    EXPECT_GT(server.pid, 0);
    EXPECT_TRUE(core::pid_alive(server.pid));
    EXPECT_FALSE(server.version.empty());
    EXPECT_THAT(server.note, HasSubstr("started"));
    EXPECT_EQ(server.tcp_port, 0U);
    EXPECT_TRUE(fs::exists(server.socket));
    EXPECT_EQ(session_of(server.pid), server.pid) << "not in a session of its own";
    EXPECT_EQ(fs::read_symlink("/proc/" + std::to_string(server.pid) + "/fd/0"), "/dev/null");
    const auto directory = state_dir() / "stack" / server.name;
    EXPECT_EQ(permissions_of(directory), 0700U);
    EXPECT_EQ(permissions_of(directory / "data"), 0700U);
  }
  EXPECT_EQ(permissions_of(state_dir() / "stack"), 0700U);

  const auto stack_dir = state_dir() / "stack";
  EXPECT_EQ(stack::read_pid_file(stack_dir / "mariadb" / "mariadbd.pid").value_or(0), status->servers[0].pid);
  EXPECT_EQ(stack::read_pid_file(stack_dir / "redis" / "redis.pid").value_or(0), status->servers[1].pid);
  EXPECT_TRUE(fs::exists(stack_dir / "mariadb" / "error.log"));
  EXPECT_TRUE(fs::exists(stack_dir / "redis" / "redis.log"));
  EXPECT_FALSE(fs::exists(stack_dir / "mariadb" / "data.installing"));

  // The sockets answer, as the OS user, and the opsdeck database exists.
  auto mariadb = store::MariadbConnection::connect(engine.mariadb_options());
  ASSERT_TRUE(mariadb.ok()) << mariadb.error().describe();
  auto database = (*mariadb)->execute_plain("SELECT DATABASE()");
  ASSERT_TRUE(database.ok()) << database.error().describe();
  EXPECT_EQ(database->rows.at(0).get<std::string>(0).value_or(""), "opsdeck");
  auto redis = store::RedisClient::connect(engine.redis_options());
  ASSERT_TRUE(redis.ok()) << redis.error().describe();
  auto pong = (*redis)->command({"PING"});
  ASSERT_TRUE(pong.ok()) << pong.error().describe();
  EXPECT_EQ(pong->text, "PONG");

  auto report = engine.down();
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_TRUE(report->all_stopped()) << "SIGTERM did not stop a server spawned with signals blocked";
}

TEST_F(StackEngineTest, UpTwiceReusesTheRunningServers) {
  stack::StackEngine engine(settings());
  auto first = engine.up();
  ASSERT_TRUE(first.ok()) << first.error().describe();
  auto second = engine.up();
  ASSERT_TRUE(second.ok()) << second.error().describe();
  ASSERT_EQ(second->servers.size(), 2U);
  for (std::size_t index = 0; index < 2; ++index) {
    EXPECT_EQ(second->servers[index].pid, first->servers[index].pid);
    EXPECT_EQ(second->servers[index].note, "reused");
    EXPECT_TRUE(second->servers[index].running);
  }
}

TEST_F(StackEngineTest, StatusReportsVersionUptimeAndSocket) {
  stack::StackEngine engine(settings());
  ASSERT_TRUE(engine.up().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto status = engine.status();
  ASSERT_TRUE(status.ok()) << status.error().describe();
  const auto* mariadb = find_server(*status, "mariadb");
  const auto* redis = find_server(*status, "redis");
  ASSERT_TRUE(mariadb && redis);
  EXPECT_TRUE(mariadb->running);
  EXPECT_THAT(mariadb->version, HasSubstr("MariaDB"));
  EXPECT_GE(mariadb->uptime_seconds, 1);
  EXPECT_EQ(mariadb->socket, (state_dir() / "stack" / "mariadb" / "mariadb.sock").string());
  EXPECT_TRUE(redis->running);
  EXPECT_FALSE(redis->version.empty());
  EXPECT_GE(redis->uptime_seconds, 1);
  EXPECT_EQ(redis->socket, (state_dir() / "stack" / "redis" / "redis.sock").string());
}

TEST_F(StackEngineTest, StatusWhenDownSaysNotRunning) {
  stack::StackEngine engine(settings());
  ASSERT_TRUE(engine.down().ok());
  auto status = engine.status();
  ASSERT_TRUE(status.ok()) << status.error().describe();
  ASSERT_EQ(status->servers.size(), 2U);
  EXPECT_FALSE(status->all_running());
  for (const auto& server : status->servers) {
    EXPECT_FALSE(server.running);
    EXPECT_EQ(server.pid, 0);
    EXPECT_TRUE(server.version.empty());
    EXPECT_THAT(server.note, HasSubstr("not running"));
  }
}

TEST_F(StackEngineTest, DownStopsBothServersAndIsIdempotent) {
  stack::StackEngine engine(settings());
  auto status = engine.up();
  ASSERT_TRUE(status.ok()) << status.error().describe();

  auto report = engine.down();
  ASSERT_TRUE(report.ok()) << report.error().describe();
  ASSERT_EQ(report->servers.size(), 2U);
  EXPECT_TRUE(report->all_stopped());
  for (std::size_t index = 0; index < 2; ++index) {
    const auto& entry = report->servers[index];
    EXPECT_EQ(entry.pid, status->servers[index].pid);
    EXPECT_TRUE(entry.was_running);
    EXPECT_TRUE(entry.stopped);
    EXPECT_EQ(entry.note, "stopped");
    EXPECT_FALSE(core::pid_alive(entry.pid));
  }
  EXPECT_FALSE(fs::exists(state_dir() / "stack" / "mariadb" / "mariadbd.pid"));
  EXPECT_FALSE(fs::exists(state_dir() / "stack" / "redis" / "redis.pid"));

  auto again = engine.down();
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_TRUE(again->all_stopped());
  for (const auto& entry : again->servers) {
    EXPECT_FALSE(entry.was_running);
    EXPECT_EQ(entry.note, "not running");
  }
}

TEST_F(StackEngineTest, ConcurrentUpsStartEachServerOnce) {
  ASSERT_TRUE(stack::StackEngine(settings()).down().ok());
  auto up_in_thread = [] { return stack::StackEngine(settings()).up(); };
  auto first = std::async(std::launch::async, up_in_thread);
  auto second = std::async(std::launch::async, up_in_thread);
  auto first_status = first.get();
  auto second_status = second.get();
  ASSERT_TRUE(first_status.ok()) << first_status.error().describe();
  ASSERT_TRUE(second_status.ok()) << second_status.error().describe();
  for (std::size_t index = 0; index < 2; ++index) {
    const auto& one = first_status->servers[index];
    const auto& other = second_status->servers[index];
    SCOPED_TRACE(one.name);
    EXPECT_EQ(one.pid, other.pid);
    EXPECT_EQ((one.note == "reused") + (other.note == "reused"), 1) << one.note << " / " << other.note;
  }
  EXPECT_EQ(processes_in(state_dir() / "stack" / "mariadb" / "data"), 1);
  EXPECT_EQ(processes_in(state_dir() / "stack" / "redis" / "data"), 1);
}

TEST_F(StackEngineTest, ConfiguredTcpPortsListenOnLoopbackOnly) {
  ASSERT_TRUE(stack::StackEngine(settings()).down().ok());
  auto tcp_settings = settings();
  tcp_settings.mariadb_tcp_port = free_loopback_port();
  tcp_settings.redis_tcp_port = free_loopback_port();
  stack::StackEngine engine(tcp_settings);
  auto status = engine.up();
  ASSERT_TRUE(status.ok()) << status.error().describe();
  EXPECT_EQ(find_server(*status, "mariadb")->tcp_port, tcp_settings.mariadb_tcp_port);
  EXPECT_EQ(find_server(*status, "redis")->tcp_port, tcp_settings.redis_tcp_port);
  for (unsigned port : {tcp_settings.mariadb_tcp_port, tcp_settings.redis_tcp_port}) {
    SCOPED_TRACE(port);
    char loopback[32];
    std::snprintf(loopback, sizeof loopback, "0100007F:%04X", port);
    EXPECT_THAT(listeners_on(port), ::testing::ElementsAre(loopback));
  }

  store::RedisOptions over_tcp;
  over_tcp.host = "127.0.0.1";
  over_tcp.port = tcp_settings.redis_tcp_port;
  auto redis = store::RedisClient::connect(over_tcp);
  ASSERT_TRUE(redis.ok()) << redis.error().describe();
  EXPECT_EQ((*redis)->command({"PING"}).value_or(store::RedisReply{}).text, "PONG");
  ASSERT_TRUE(engine.down().ok());  // the next test wants sockets only
}

}  // namespace
}  // namespace opsdeck::testing
