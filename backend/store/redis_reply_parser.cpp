// Conversion of hiredis replies into RedisReply. RESP3 reply types exist only from hiredis 1.0 on (Debian 12
// ships 0.14), hence the #ifdefs: the code builds against both and handles whatever the reader can produce.
#include "backend/store/redis_reply_parser.hpp"

#include <hiredis/hiredis.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace opsdeck::store {
namespace {

struct ReaderFree {
  void operator()(redisReader* reader) const { redisReaderFree(reader); }
};
struct ReplyFree {
  void operator()(void* reply) const { freeReplyObject(reply); }
};

std::string text_of(const redisReply& reply) {
  return reply.str == nullptr ? std::string() : std::string(reply.str, reply.len);
}

void copy_items(const redisReply& reply, RedisReply& into) {
  into.items.reserve(reply.elements);
  for (std::size_t index = 0; index < reply.elements; ++index) {
    if (reply.element[index] != nullptr) {
      into.items.push_back(redis_reply_from_hiredis(*reply.element[index]));
    } else {
      into.items.emplace_back();
    }
  }
}

}  // namespace

RedisReply redis_reply_from_hiredis(const redisReply& reply) {
  using Kind = RedisReply::Kind;
  RedisReply converted;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      converted.kind = Kind::kString;
      converted.text = text_of(reply);
      break;
    case REDIS_REPLY_STATUS:
      converted.kind = Kind::kStatus;
      converted.text = text_of(reply);
      break;
    case REDIS_REPLY_ERROR:
      converted.kind = Kind::kError;
      converted.text = text_of(reply);
      break;
    case REDIS_REPLY_INTEGER:
      converted.kind = Kind::kInteger;
      converted.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      converted.kind = Kind::kArray;
      copy_items(reply, converted);
      break;
#ifdef REDIS_REPLY_SET
    case REDIS_REPLY_SET:
      converted.kind = Kind::kArray;
      copy_items(reply, converted);
      break;
#endif
#ifdef REDIS_REPLY_PUSH
    case REDIS_REPLY_PUSH:
      converted.kind = Kind::kArray;
      copy_items(reply, converted);
      break;
#endif
#ifdef REDIS_REPLY_MAP
    case REDIS_REPLY_MAP:
      converted.kind = Kind::kMap;
      copy_items(reply, converted);
      break;
#endif
#ifdef REDIS_REPLY_ATTR
    case REDIS_REPLY_ATTR:
      converted.kind = Kind::kMap;
      copy_items(reply, converted);
      break;
#endif
#ifdef REDIS_REPLY_DOUBLE
    case REDIS_REPLY_DOUBLE:
      converted.kind = Kind::kDouble;
      converted.text = text_of(reply);
      converted.number = std::strtod(converted.text.c_str(), nullptr);
      break;
#endif
#ifdef REDIS_REPLY_BOOL
    case REDIS_REPLY_BOOL:
      converted.kind = Kind::kBool;
      converted.integer = reply.integer != 0 ? 1 : 0;
      break;
#endif
#ifdef REDIS_REPLY_BIGNUM
    case REDIS_REPLY_BIGNUM:
      converted.kind = Kind::kString;
      converted.text = text_of(reply);
      break;
#endif
#ifdef REDIS_REPLY_VERB
    case REDIS_REPLY_VERB:
      converted.kind = Kind::kString;
      converted.text = text_of(reply);
      break;
#endif
    case REDIS_REPLY_NIL:
    default:
      converted.kind = Kind::kNil;
      break;
  }
  return converted;
}

core::Result<std::vector<RedisReply>> parse_redis_replies(std::string_view bytes) {
  std::unique_ptr<redisReader, ReaderFree> reader(redisReaderCreate());
  if (!reader) {
    return core::fail(core::ErrorCategory::kInternal, "RESP reader: out of memory");
  }
  if (redisReaderFeed(reader.get(), bytes.data(), bytes.size()) != REDIS_OK) {
    return core::fail(core::ErrorCategory::kProtocol, std::string("RESP reader: ") + reader->errstr);
  }
  std::vector<RedisReply> replies;
  while (true) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader.get(), &raw) != REDIS_OK) {
      return core::fail(
          core::ErrorCategory::kProtocol,
          "malformed RESP after " + std::to_string(replies.size()) + " replies: " + reader->errstr);
    }
    if (raw == nullptr) {
      break;
    }
    std::unique_ptr<void, ReplyFree> owned(raw);
    replies.push_back(redis_reply_from_hiredis(*static_cast<const redisReply*>(raw)));
  }
  // hiredis has no "is anything pending" call, so look at its state: unread bytes, a nested reply waiting
  // for elements, or a top-level type byte read without the rest of its line.
  const bool pending =
      reader->len > reader->pos || reader->ridx > 0 || (reader->ridx == 0 && reader->rstack[0].type >= 0);
  if (pending) {
    return core::fail(core::ErrorCategory::kProtocol,
                      "incomplete RESP reply after " + std::to_string(replies.size()) + " complete replies");
  }
  return replies;
}

}  // namespace opsdeck::store
