// One INFO per poll: total_commands_processed counts a command once it has run, so each interval holds
// exactly one of our own commands (the previous poll's INFO), which is left out of ops/s.
#include "backend/metrics/redis_info_poll.hpp"

namespace opsdeck::metrics {
namespace {

constexpr std::int64_t kOwnCommandsPerPoll = 1;

}  // namespace

core::Status RedisInfoPoll::poll(store::RedisClient& client, ServerState& state) {
  auto info = client.info();
  auto now = std::chrono::steady_clock::now();
  if (!info.ok()) {
    reset();
    return core::Unexpected{info.error()};
  }
  RedisInfoSample sample = parse_redis_info_sample(*info);
  double seconds = std::chrono::duration<double>(now - previous_at_).count();
  state.redis = redis_status_from(sample, previous_ ? &*previous_ : nullptr, seconds, kOwnCommandsPerPoll);
  state.version = sample.version;
  state.uptime_seconds = sample.uptime_seconds;
  state.connections = sample.connected_clients;
  state.operations_per_second = state.redis->operations_per_second;
  state.replication = sample.replication;
  previous_ = std::move(sample);
  previous_at_ = now;
  return {};
}

}  // namespace opsdeck::metrics
