// Fuzz target for the socket-free statsd line parser and the aggregator behind it: any packet bytes in,
// metrics or bad-line reasons out, never a crash, a sanitizer report or a non-finite value in a flush.
// tests/fuzz/run_libfuzzer.sh builds it with clang++ -fsanitize=fuzzer,address,undefined and runs it (CI).
// With g++ it is built as a replay test (tests/fuzz/CMakeLists.txt).
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "backend/metrics/statsd_aggregator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view packet(reinterpret_cast<const char*>(data), size);
  opsdeck::metrics::StatsdLineParser parser;
  parser.parse_packet(packet, [](std::string_view, const opsdeck::metrics::StatsdLineResult& result) {
    if (result.ok() && result.metric.type != opsdeck::metrics::StatsdType::kSet &&
        (!std::isfinite(result.metric.value) || !(result.metric.sample_rate > 0))) {
      std::abort();
    }
  });
  opsdeck::metrics::StatsdAggregatorOptions options;
  options.max_series = 64;
  options.history_flushes = 4;
  opsdeck::metrics::StatsdAggregator aggregator(options);
  aggregator.add_packet(packet);
  auto flush = aggregator.flush(std::chrono::system_clock::time_point{});
  // What the parser lets through can never add up to inf or NaN in a flush.
  for (const auto& counter : flush->counters) {
    if (!std::isfinite(counter.value) || !std::isfinite(counter.rate)) {
      std::abort();
    }
  }
  for (const auto& gauge : flush->gauges) {
    if (!std::isfinite(gauge.value)) {
      std::abort();
    }
  }
  for (const auto& timer : flush->timers) {
    if (!std::isfinite(timer.stats.sum) || !std::isfinite(timer.stats.sum_squares) ||
        !std::isfinite(timer.stats.stddev) || !std::isfinite(timer.stats.count)) {
      std::abort();
    }
  }
  return 0;
}
