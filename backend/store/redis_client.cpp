// RedisClient over a blocking hiredis context. hiredis 0.14 (Debian 12) has no redisConnectWithOptions, so
// the connect timeout goes to redisConnect*WithTimeout and the command timeout to redisSetTimeout. After a
// transport failure a context is unusable; it is dropped and reopened (with AUTH and SELECT again) once.
#include "backend/store/redis_client.hpp"

#include <hiredis/hiredis.h>

#include <sys/time.h>
#include <cerrno>

#include "backend/store/redis_info.hpp"
#include "backend/store/redis_reply_parser.hpp"
#include "backend/store/sigpipe_guard.hpp"

namespace opsdeck::store {
namespace {

struct ContextFree {
  void operator()(redisContext* context) const { redisFree(context); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextFree>;

struct ReplyFree {
  void operator()(void* reply) const { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<void, ReplyFree>;

timeval to_timeval(std::chrono::milliseconds duration) {
  const auto milliseconds = duration.count() > 0 ? duration.count() : 1;
  return timeval{static_cast<time_t>(milliseconds / 1000),
                 static_cast<suseconds_t>((milliseconds % 1000) * 1000)};
}

struct Arguments {
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
};

// Length-carrying argv: values may hold any byte, NUL included.
Arguments arguments_of(const RedisCommand& command) {
  Arguments arguments;
  arguments.pointers.reserve(command.size());
  arguments.lengths.reserve(command.size());
  for (const auto& argument : command) {
    arguments.pointers.push_back(argument.data());
    arguments.lengths.push_back(argument.size());
  }
  return arguments;
}

// One command on a fresh context during open(): AUTH or SELECT. Returns the raw reason on failure.
core::Status setup_command(redisContext* context, const RedisCommand& command, std::string_view what) {
  Arguments arguments = arguments_of(command);
  ReplyPtr reply(redisCommandArgv(context, static_cast<int>(command.size()), arguments.pointers.data(),
                                  arguments.lengths.data()));
  if (!reply) {
    return core::fail(core::ErrorCategory::kUnavailable, std::string(what) + " failed: " + context->errstr);
  }
  const auto* hiredis_reply = static_cast<const redisReply*>(reply.get());
  if (hiredis_reply->type == REDIS_REPLY_ERROR) {
    return core::fail(
        core::ErrorCategory::kInvalidInput,
        std::string(what) + " was refused: " + std::string(hiredis_reply->str, hiredis_reply->len));
  }
  return {};
}

}  // namespace

struct RedisClient::Handle {
  ContextPtr context;  // null after a failure, until reopened
  bool last_failure_retryable = false;

  // For a hiredis call that produced no reply: drops the (now unusable) context and says why, recording
  // whether a new connection may help. `saved_errno` tells a timeout (EAGAIN) from a dropped connection.
  core::Unexpected transport_failure(const RedisOptions& options, const std::string& doing, int saved_errno) {
    const int kind = context ? context->err : REDIS_ERR_OTHER;
    const std::string reason = context ? context->errstr : "no connection";
    context.reset();
    const std::string prefix = "redis at " + options.describe() + ": " + doing + ": ";
    if (kind == REDIS_ERR_IO && (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)) {
      last_failure_retryable = false;
      return core::fail(
          core::ErrorCategory::kTimeout,
          prefix + "no reply within " + std::to_string(options.command_timeout.count()) + " ms");
    }
    if (kind == REDIS_ERR_IO || kind == REDIS_ERR_EOF) {
      last_failure_retryable = true;
      return core::fail(core::ErrorCategory::kUnavailable, prefix + "connection lost: " + reason);
    }
    last_failure_retryable = false;
    return core::fail(core::ErrorCategory::kProtocol, prefix + reason);
  }

  core::Status reopen(RedisClient& client) {
    auto opened = client.open();
    if (!opened.ok()) {
      return core::fail(opened.error().category,
                        "redis at " + client.options_.describe() +
                            ": connection lost and reconnecting failed: " + opened.error().message);
    }
    return {};
  }

  // Runs `attempt`; when the connection dropped (I/O error or EOF), reopens it and runs `attempt` once more.
  template <typename Attempt>
  static auto run(RedisClient& client, Attempt&& attempt) -> decltype(attempt()) {
    Handle& handle = *client.handle_;
    if (!handle.context) {
      OPSDECK_TRY(handle.reopen(client));
    }
    handle.last_failure_retryable = false;
    auto first = attempt();
    if (first.ok() || !handle.last_failure_retryable) {
      return first;
    }
    OPSDECK_TRY(handle.reopen(client));
    handle.last_failure_retryable = false;
    return attempt();
  }
};

RedisClient::RedisClient(RedisOptions options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
}

RedisClient::~RedisClient() = default;

core::Result<std::unique_ptr<RedisClient>> RedisClient::connect(const RedisOptions& options) {
  // The constructor is private (clients exist only connected), hence no make_unique.
  std::unique_ptr<RedisClient> client(new RedisClient(options));
  auto opened = client->open();
  if (!opened.ok()) {
    return core::fail(opened.error().category,
                      "redis at " + options.describe() + ": connecting failed: " + opened.error().message);
  }
  return client;
}

// Returns the bare reason on failure; callers put "redis at <server>: ..." in front.
core::Status RedisClient::open() {
  handle_->context.reset();
  SigpipeGuard sigpipe_guard;
  const timeval connect_timeout = to_timeval(options_.connect_timeout);
  ContextPtr context(
      options_.socket.empty()
          ? redisConnectWithTimeout(options_.host.c_str(), static_cast<int>(options_.port), connect_timeout)
          : redisConnectUnixWithTimeout(options_.socket.c_str(), connect_timeout));
  if (!context) {
    return core::fail(core::ErrorCategory::kInternal, "out of memory");
  }
  if (context->err != 0) {
    return core::fail(core::ErrorCategory::kUnavailable, context->errstr);
  }
  if (redisSetTimeout(context.get(), to_timeval(options_.command_timeout)) != REDIS_OK) {
    return core::fail(core::ErrorCategory::kIo,
                      std::string("setting the command timeout: ") + context->errstr);
  }
  if (!options_.password.empty()) {
    OPSDECK_TRY(setup_command(context.get(), {"AUTH", options_.password.reveal()}, "AUTH"));
  }
  if (options_.db != 0) {
    OPSDECK_TRY(setup_command(context.get(), {"SELECT", std::to_string(options_.db)},
                              "SELECT " + std::to_string(options_.db)));
  }
  handle_->context = std::move(context);
  return {};
}

core::Result<RedisReply> RedisClient::command(const RedisCommand& args) {
  if (args.empty()) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "redis at " + options_.describe() + ": empty command");
  }
  return Handle::run(*this, [&]() -> core::Result<RedisReply> {
    SigpipeGuard sigpipe_guard;
    Arguments arguments = arguments_of(args);
    errno = 0;
    ReplyPtr reply(redisCommandArgv(handle_->context.get(), static_cast<int>(args.size()),
                                    arguments.pointers.data(), arguments.lengths.data()));
    const int saved_errno = errno;
    if (!reply) {
      // Only the command name: arguments may be secrets (AUTH) or large values.
      return handle_->transport_failure(options_, args.front(), saved_errno);
    }
    return redis_reply_from_hiredis(*static_cast<const redisReply*>(reply.get()));
  });
}

core::Result<std::vector<RedisReply>> RedisClient::pipeline(const std::vector<RedisCommand>& commands) {
  for (const auto& command : commands) {
    if (command.empty()) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "redis at " + options_.describe() + ": empty command in a pipeline");
    }
  }
  if (commands.empty()) {
    return std::vector<RedisReply>{};
  }
  return Handle::run(*this, [&]() -> core::Result<std::vector<RedisReply>> {
    SigpipeGuard sigpipe_guard;
    redisContext* context = handle_->context.get();
    for (const auto& command : commands) {
      Arguments arguments = arguments_of(command);
      if (redisAppendCommandArgv(context, static_cast<int>(command.size()), arguments.pointers.data(),
                                 arguments.lengths.data()) != REDIS_OK) {
        return handle_->transport_failure(options_, "queueing a pipeline", errno);
      }
    }
    std::vector<RedisReply> replies;
    replies.reserve(commands.size());
    for (std::size_t index = 0; index < commands.size(); ++index) {
      void* raw = nullptr;
      errno = 0;
      const int status = redisGetReply(context, &raw);
      const int saved_errno = errno;
      ReplyPtr reply(raw);
      if (status != REDIS_OK || !reply) {
        auto failure =
            handle_->transport_failure(options_,
                                       "pipeline of " + std::to_string(commands.size()) +
                                           " commands, after " + std::to_string(index) + " replies",
                                       saved_errno);
        // Commands whose replies arrived have run; sending the batch again would run them twice.
        if (index > 0) {
          handle_->last_failure_retryable = false;
        }
        return failure;
      }
      replies.push_back(redis_reply_from_hiredis(*static_cast<const redisReply*>(reply.get())));
    }
    return replies;
  });
}

core::Result<std::vector<std::pair<std::string, std::string>>> RedisClient::info(std::string_view section) {
  RedisCommand command{"INFO"};
  if (!section.empty()) {
    command.emplace_back(section);
  }
  auto reply = this->command(command);
  if (!reply.ok()) {
    return core::Unexpected{reply.error()};
  }
  if (reply->is_error()) {
    return core::fail(core::ErrorCategory::kProtocol,
                      "redis at " + options_.describe() + ": INFO was refused: " + reply->text);
  }
  if (reply->kind != RedisReply::Kind::kString) {
    return core::fail(core::ErrorCategory::kProtocol,
                      "redis at " + options_.describe() + ": INFO: expected a bulk string reply");
  }
  return parse_redis_info(reply->text);
}

}  // namespace opsdeck::store
