// timed_operation: how an engine operation reports itself through the statsd emitter: "<name>.duration"
// (a timer, in ms) and "<name>.succeeded" or "<name>.failed" (counters). One helper so every engine names
// its series the same way; the emitter never blocks, so timing adds nothing measurable to the operation.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "backend/metrics/statsd_emitter.hpp"

namespace opsdeck::metrics {

// `run` returns a core::Result (or anything with ok()); its result is passed through untouched.
template <typename Run>
auto timed_operation(StatsdEmitter& statsd, std::string_view name, Run&& run) {
  const auto started = std::chrono::steady_clock::now();
  auto result = run();
  const std::string base(name);
  statsd.timing(base + ".duration", std::chrono::steady_clock::now() - started);
  statsd.count(base + (result.ok() ? ".succeeded" : ".failed"));
  return result;
}

}  // namespace opsdeck::metrics
