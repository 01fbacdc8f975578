// RedisClient against a real redis-server (the shared test fixture): binary-safe values, reply types, error
// replies as values, pipelining, INFO, SELECT/AUTH, timeouts, and reconnecting after a restart.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backend/store/redis_client.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck::store {
namespace {

using Kind = RedisReply::Kind;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class RedisClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    auto connected = RedisClient::connect(opsdeck::testing::redis_options());
    ASSERT_TRUE(connected.ok()) << connected.error().describe();
    client_ = std::move(connected).value();
    ASSERT_TRUE(client_->command({"DEL", "store:a", "store:counter", "store:list", "store:text"}).ok());
  }

  RedisReply run(const RedisCommand& command) {
    auto reply = client_->command(command);
    EXPECT_TRUE(reply.ok()) << reply.error().describe();
    return reply.ok() ? std::move(reply).value() : RedisReply{};
  }

  std::unique_ptr<RedisClient> client_;
};

TEST_F(RedisClientTest, ValuesAreBinarySafe) {
  std::string value("a\0b\r\n$3\r\n\xFF\x00", 12);
  value += std::string(1 << 20, 'z');  // and large
  EXPECT_EQ(run({"SET", "store:a", value}).text, "OK");
  const RedisReply got = run({"GET", "store:a"});
  EXPECT_EQ(got.kind, Kind::kString);
  EXPECT_EQ(got.text, value);
  // Keys too.
  const std::string binary_key("store:\0key", 10);
  EXPECT_EQ(run({"SET", binary_key, "v"}).kind, Kind::kStatus);
  EXPECT_EQ(run({"GET", binary_key}).text, "v");
  EXPECT_EQ(run({"DEL", binary_key}).integer, 1);
}

TEST_F(RedisClientTest, ConvertsReplyTypes) {
  const RedisReply pong = run({"PING"});
  EXPECT_EQ(pong.kind, Kind::kStatus);
  EXPECT_EQ(pong.text, "PONG");
  EXPECT_EQ(run({"GET", "store:missing"}).kind, Kind::kNil);
  const RedisReply pushed = run({"RPUSH", "store:list", "one", "two", "three"});
  EXPECT_EQ(pushed.kind, Kind::kInteger);
  EXPECT_EQ(pushed.integer, 3);
  const RedisReply range = run({"LRANGE", "store:list", "0", "-1"});
  ASSERT_EQ(range.kind, Kind::kArray);
  ASSERT_EQ(range.items.size(), 3u);
  EXPECT_EQ(range.items[2].text, "three");
}

TEST_F(RedisClientTest, ErrorRepliesAreValuesNotFailures) {
  run({"SET", "store:text", "not a number"});
  auto wrong = client_->command({"INCR", "store:text"});
  ASSERT_TRUE(wrong.ok()) << "an error reply is a value: " << wrong.error().describe();
  EXPECT_TRUE(wrong->is_error());
  EXPECT_TRUE(wrong->text.starts_with("ERR")) << wrong->text;
  auto unknown = client_->command({"NOSUCHCOMMAND", "x"});
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->is_error());
  // The connection is still fine.
  EXPECT_EQ(run({"PING"}).text, "PONG");
  auto empty = client_->command({});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().category, core::ErrorCategory::kInvalidInput);
}

TEST_F(RedisClientTest, PipelinesAThousandCommands) {
  std::vector<RedisCommand> commands;
  for (int index = 0; index < 1000; ++index) {
    commands.push_back({"INCR", "store:counter"});
  }
  commands.push_back({"INCR", "store:list"});  // an error in the middle of a batch does not break it
  commands.push_back({"GET", "store:counter"});
  auto replies = client_->pipeline(commands);
  ASSERT_TRUE(replies.ok()) << replies.error().describe();
  ASSERT_EQ(replies->size(), 1002u);
  for (int index = 0; index < 1000; ++index) {
    ASSERT_EQ((*replies)[index].kind, Kind::kInteger);
    ASSERT_EQ((*replies)[index].integer, index + 1);
  }
  EXPECT_FALSE((*replies)[1000].is_error()) << "INCR on a missing key creates it";
  EXPECT_EQ((*replies)[1001].text, "1000");
  auto none = client_->pipeline({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(RedisClientTest, InfoIsParsedIntoKeyValuePairs) {
  auto info = client_->info("server");
  ASSERT_TRUE(info.ok()) << info.error().describe();
  bool found_version = false;
  for (const auto& [key, value] : *info) {
    EXPECT_FALSE(key.starts_with("#"));
    if (key == "redis_version") {
      found_version = !value.empty();
    }
  }
  EXPECT_TRUE(found_version);
  auto everything = client_->info();
  ASSERT_TRUE(everything.ok());
  EXPECT_GT(everything->size(), info->size());
}

TEST_F(RedisClientTest, SelectsTheConfiguredDatabase) {
  RedisOptions options = opsdeck::testing::redis_options();
  options.db = 3;
  auto db3 = RedisClient::connect(options);
  ASSERT_TRUE(db3.ok()) << db3.error().describe();
  ASSERT_TRUE((*db3)->command({"SET", "store:only-in-3", "x"}).ok());
  EXPECT_EQ(run({"EXISTS", "store:only-in-3"}).integer, 0);
  EXPECT_EQ((*db3)->command({"EXISTS", "store:only-in-3"})->integer, 1);
  ASSERT_TRUE((*db3)->command({"DEL", "store:only-in-3"}).ok());

  options.db = 999;
  auto bad_db = RedisClient::connect(options);
  ASSERT_FALSE(bad_db.ok());
  EXPECT_TRUE(contains(bad_db.error().message, "SELECT 999 was refused")) << bad_db.error().message;
}

TEST_F(RedisClientTest, AuthenticatesWithThePasswordAndNeverShowsIt) {
  const std::string password = "store-test-password-42";
  ASSERT_EQ(run({"CONFIG", "SET", "requirepass", password}).text, "OK");
  // Whatever happens below, the server gets its open access back for the other tests.
  struct RestoreNoPassword {
    RedisClient& client;
    ~RestoreNoPassword() { (void)client.command({"CONFIG", "SET", "requirepass", ""}); }
  } restore{*client_};

  RedisOptions options = opsdeck::testing::redis_options();
  auto without = RedisClient::connect(options);
  ASSERT_TRUE(without.ok()) << "connect does not run a command when no password is set";
  auto refused = (*without)->command({"PING"});
  ASSERT_TRUE(refused.ok());
  EXPECT_TRUE(refused->is_error()) << "NOAUTH comes back as an error reply";

  options.password = core::Secret(password);
  auto with = RedisClient::connect(options);
  ASSERT_TRUE(with.ok()) << with.error().describe();
  EXPECT_EQ((*with)->command({"PING"})->text, "PONG");

  options.password = core::Secret("wrong-password-99");
  auto wrong = RedisClient::connect(options);
  ASSERT_FALSE(wrong.ok());
  EXPECT_TRUE(contains(wrong.error().message, "redis at " + options.describe() + ": connecting failed: AUTH"))
      << wrong.error().message;
  EXPECT_FALSE(contains(wrong.error().message, "wrong-password-99"));
  EXPECT_FALSE(contains(wrong.error().message, password));
}

TEST_F(RedisClientTest, CommandTimeoutIsReportedAndTheClientRecovers) {
  RedisOptions options = opsdeck::testing::redis_options();
  options.command_timeout = std::chrono::milliseconds(200);
  auto client = RedisClient::connect(options);
  ASSERT_TRUE(client.ok());
  auto blocked = (*client)->command({"BLPOP", "store:never-filled", "2"});
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().category, core::ErrorCategory::kTimeout);
  EXPECT_TRUE(contains(blocked.error().message, "BLPOP: no reply within 200 ms")) << blocked.error().message;
  auto after = (*client)->command({"PING"});
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_EQ(after->text, "PONG");
}

TEST_F(RedisClientTest, RetriesOnceWhenTheServerDropsTheConnection) {
  auto admin = RedisClient::connect(opsdeck::testing::redis_options());
  ASSERT_TRUE(admin.ok());
  const RedisReply id = run({"CLIENT", "ID"});
  ASSERT_EQ(id.kind, Kind::kInteger);
  ASSERT_EQ((*admin)->command({"CLIENT", "KILL", "ID", std::to_string(id.integer)})->integer, 1);
  // A large write into the closed socket raises EPIPE (and SIGPIPE, which must not kill the process).
  auto after = client_->command({"SET", "store:a", std::string(4 << 20, 'p')});
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_EQ(after->text, "OK");
  EXPECT_NE(run({"CLIENT", "ID"}).integer, id.integer) << "a new connection";
}

TEST_F(RedisClientTest, ReconnectsAfterRestart) {
  EXPECT_EQ(run({"PING"}).text, "PONG");
  ASSERT_TRUE(opsdeck::testing::restart_redis());
  auto after = client_->command({"SET", "store:a", "after restart"});
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_EQ(after->text, "OK");

  ASSERT_TRUE(opsdeck::testing::restart_redis());
  auto pipelined = client_->pipeline({{"GET", "store:a"}, {"PING"}});
  ASSERT_TRUE(pipelined.ok()) << pipelined.error().describe();
  EXPECT_EQ((*pipelined)[1].text, "PONG");
}

TEST_F(RedisClientTest, ClearErrorWhenTheServerIsGoneForGood) {
  EXPECT_EQ(run({"PING"}).text, "PONG");
  ASSERT_TRUE(opsdeck::testing::stop_redis());
  auto gone = client_->command({"PING"});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().category, core::ErrorCategory::kUnavailable);
  EXPECT_TRUE(gone.error().message.starts_with("redis at " + client_->options().describe() +
                                               ": connection lost and reconnecting failed: "))
      << gone.error().message;
  ASSERT_TRUE(opsdeck::testing::start_redis());
  auto back = client_->command({"PING"});
  ASSERT_TRUE(back.ok()) << back.error().describe();
}

}  // namespace
}  // namespace opsdeck::store
