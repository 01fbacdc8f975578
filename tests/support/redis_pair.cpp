#include "tests/support/redis_pair.hpp"

#include <signal.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "backend/stack/stack_port_file.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::vector<std::string> server_args(const fs::path& directory, const std::string& name, unsigned port) {
  fs::create_directories(directory / name);
  return {"redis-server",
          "--port",
          std::to_string(port),
          "--bind",
          "127.0.0.1",
          "--unixsocket",
          (directory / (name + ".sock")).string(),
          "--unixsocketperm",
          "700",
          "--dir",
          (directory / name).string(),
          "--save",
          "",
          "--appendonly",
          "no",
          "--logfile",
          (directory / (name + ".log")).string(),
          "--daemonize",
          "no"};
}

bool answers(const store::RedisOptions& options) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto client = store::RedisClient::connect(options);
    if (client.ok() && (*client)->command({"PING"}).ok()) {
      return true;
    }
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

store::RedisOptions socket_options(const fs::path& socket) {
  store::RedisOptions options;
  options.socket = socket.string();
  options.connect_timeout = 2000ms;
  options.command_timeout = 5000ms;
  return options;
}

}  // namespace

std::unique_ptr<RedisPair> RedisPair::start(const fs::path& directory) {
  std::unique_ptr<RedisPair> pair(new RedisPair());
  pair->directory_ = directory;
  auto port = stack::free_loopback_port();
  if (!port.ok()) {
    ADD_FAILURE() << port.error().describe();
    return nullptr;
  }
  pair->primary_port_ = *port;
  core::SpawnOptions primary;
  primary.argv = server_args(directory, "primary", *port);
  primary.argv.insert(primary.argv.end(), {"--repl-diskless-sync-delay", "0"});  // the replica syncs at once
  primary.stdout_target = core::OutputTarget::null();
  primary.stderr_target = core::OutputTarget::null();
  auto started = core::ChildProcess::spawn(primary);
  if (!started.ok()) {
    ADD_FAILURE() << started.error().describe();
    return nullptr;
  }
  pair->primary_.emplace(std::move(*started));
  if (!answers(pair->primary_tcp())) {
    ADD_FAILURE() << "the primary redis-server on 127.0.0.1:" << *port << " does not answer";
    return nullptr;
  }
  core::SpawnOptions replica = primary;
  replica.argv = server_args(directory, "replica", 0);
  replica.argv.insert(replica.argv.end(), {"--replicaof", "127.0.0.1", std::to_string(*port)});
  started = core::ChildProcess::spawn(replica);
  if (!started.ok()) {
    ADD_FAILURE() << started.error().describe();
    return nullptr;
  }
  pair->replica_.emplace(std::move(*started));
  if (!answers(pair->replica_socket())) {
    ADD_FAILURE() << "the replica redis-server on " << pair->replica_socket().describe()
                  << " does not answer";
    return nullptr;
  }
  return pair;
}

store::RedisOptions RedisPair::primary_tcp() const {
  store::RedisOptions options = socket_options({});
  options.socket.clear();
  options.host = "127.0.0.1";
  options.port = primary_port_;
  return options;
}

store::RedisOptions RedisPair::primary_socket() const {
  return socket_options(directory_ / "primary.sock");
}

store::RedisOptions RedisPair::replica_socket() const {
  return socket_options(directory_ / "replica.sock");
}

::testing::AssertionResult RedisPair::wait_linked() const {
  std::string last;
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto client = store::RedisClient::connect(replica_socket());
    if (client.ok()) {
      auto info = (*client)->info("replication");
      if (info.ok()) {
        for (const auto& [key, value] : *info) {
          if (key == "master_link_status") {
            last = value;
          }
        }
        if (last == "up") {
          return ::testing::AssertionSuccess();
        }
      }
    }
    std::this_thread::sleep_for(50ms);
  }
  return ::testing::AssertionFailure() << "the replica's master_link_status stayed '" << last << "'";
}

::testing::AssertionResult RedisPair::stop_replica() {
  if (auto sent = core::send_signal(replica_->pid(), SIGTERM); !sent.ok()) {
    return ::testing::AssertionFailure() << sent.error().describe();
  }
  if (!replica_->wait_for(10s)) {
    return ::testing::AssertionFailure() << "the replica redis-server did not stop within 10 s";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace opsdeck::testing
