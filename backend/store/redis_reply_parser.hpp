// RESP replies without a socket: raw bytes in, RedisReply values out, through hiredis' own reader. The client
// uses the same conversion for what it reads, so this is also how that conversion is tested and fuzzed.
#pragma once

#include <string_view>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/redis_client.hpp"

struct redisReply;  // hiredis' C reply; only store/*.cpp include <hiredis/hiredis.h>

namespace opsdeck::store {

// Copies a hiredis reply (RESP2, and RESP3 types when the hiredis in use knows them) into a RedisReply.
RedisReply redis_reply_from_hiredis(const redisReply& reply);

// Every complete reply in `bytes`; fails on malformed input or a trailing incomplete reply.
core::Result<std::vector<RedisReply>> parse_redis_replies(std::string_view bytes);

}  // namespace opsdeck::store
