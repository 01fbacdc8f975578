// A RAII Redis client over hiredis (blocking context): commands with binary-safe arguments, pipelining,
// AUTH/SELECT on connect, and one reconnect-and-retry when the connection dropped.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/core/secret.hpp"

namespace opsdeck::store {

struct RedisOptions {
  std::string host;  // empty when `socket` is used
  unsigned port = 6379;
  std::string socket;
  core::Secret password;
  int db = 0;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds command_timeout{10000};
  std::string describe() const;  // "socket /path" or "host:port"
};

// A reply copied out of hiredis, so that it outlives the C reply object. Error replies ("-ERR ...") are
// values too (kind kError); transport failures are Result errors instead.
struct RedisReply {
  enum class Kind { kNil, kStatus, kError, kInteger, kString, kArray, kDouble, kBool, kMap };
  Kind kind = Kind::kNil;
  std::int64_t integer = 0;
  double number = 0.0;
  std::string text;               // status, error, string, double-as-text
  std::vector<RedisReply> items;  // array and map (map: key, value, key, value ...)

  bool is_error() const { return kind == Kind::kError; }
};

using RedisCommand = std::vector<std::string>;

class RedisClient {
 public:
  static core::Result<std::unique_ptr<RedisClient>> connect(const RedisOptions& options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  core::Result<RedisReply> command(const RedisCommand& args);
  // Sends every command, then reads every reply: one round trip for the whole batch.
  core::Result<std::vector<RedisReply>> pipeline(const std::vector<RedisCommand>& commands);
  // INFO parsed into key -> value (section headers skipped).
  core::Result<std::vector<std::pair<std::string, std::string>>> info(std::string_view section = {});

  const RedisOptions& options() const { return options_; }

  struct Handle;  // wraps redisContext*

 private:
  explicit RedisClient(RedisOptions options);
  core::Status open();
  RedisOptions options_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace opsdeck::store
