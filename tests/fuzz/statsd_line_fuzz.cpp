// Fuzz target for the socket-free statsd line parser and the aggregator behind it: any packet bytes in,
// metrics or bad-line reasons out, never a crash, a sanitizer report or a non-finite value in a flush.
//   clang++ -std=c++20 -g -fsanitize=fuzzer,address,undefined -I. tests/fuzz/statsd_line_fuzz.cpp
//     backend/metrics/statsd_{line_parser,aggregator,timer_stats}.cpp -o statsd_line_fuzz
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
  (void)aggregator.flush(std::chrono::system_clock::time_point{});
  return 0;
}
