// StatsdAdmin: etsy statsd's management commands (the TCP admin interface on 8126), socket-free: one command
// line in, the reply text out, so existing scripts that talk to etsy's admin port keep working.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "backend/metrics/statsd_aggregator.hpp"

namespace opsdeck::metrics {

struct StatsdAdminReply {
  std::string text;
  bool close = false;  // "quit"
};

class StatsdAdmin {
 public:
  StatsdAdmin(StatsdAggregator& aggregator, std::chrono::steady_clock::time_point started)
      : aggregator_(aggregator), started_(started) {}

  StatsdAdminReply answer(std::string_view line, std::chrono::steady_clock::time_point now);

  // Seconds since the last good metric, for "messages.last_msg_seen"; the server updates it.
  void saw_message(std::chrono::steady_clock::time_point now) { last_message_ = now; }
  bool healthy() const { return healthy_; }

 private:
  StatsdAggregator& aggregator_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_message_{};
  bool healthy_ = true;
};

}  // namespace opsdeck::metrics
