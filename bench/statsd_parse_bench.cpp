// Cost of parsing and aggregating statsd packets on one core, without sockets: the work the receive thread
// does per datagram. The packets are the ones bench/statsd_traffic.cpp sends (20 lines, 1,000 series of
// mixed types in turn: counters, timers, gauges, sets), plus a tagged variant whose keys must be rebuilt.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "backend/metrics/statsd_aggregator.hpp"

namespace {

constexpr std::size_t kSeries = 1000;
constexpr std::size_t kLinesPerPacket = 20;

std::string line_for(std::uint64_t k, bool tagged) {
  std::size_t series = k % kSeries;
  std::uint64_t pass = k / kSeries;
  std::string name = "bench." + std::to_string(series);
  std::string tags = tagged ? "|#role:db,env:prod" : "";
  switch (series % 4) {
    case 0:
      return name + ".count:1|c" + tags;
    case 1:
      return name + ".time:" + std::to_string(1 + (pass * 7 + series) % 250) + "|ms" + tags;
    case 2:
      return name + ".gauge:" + std::to_string((pass + series) % 100) + "|g" + tags;
    default:
      return name + ".users:u" + std::to_string((pass * 13 + series) % 64) + "|s" + tags;
  }
}

std::vector<std::string> packets(bool tagged) {
  std::vector<std::string> out;
  std::string packet;
  for (std::uint64_t k = 0; k < kSeries * 4; ++k) {
    packet += line_for(k, tagged);
    if ((k + 1) % kLinesPerPacket == 0) {
      out.push_back(packet);
      packet.clear();
    } else {
      packet += '\n';
    }
  }
  return out;
}

void run(benchmark::State& state, bool tagged) {
  const std::vector<std::string> input = packets(tagged);
  opsdeck::metrics::StatsdAggregator aggregator;
  std::size_t next = 0;
  std::uint64_t lines = 0;
  for (auto _ : state) {
    aggregator.add_packet(input[next]);
    next = next + 1 == input.size() ? 0 : next + 1;
    lines += kLinesPerPacket;
    // A flush every 10 s worth of 1M lines/s would be rarer; flush every pass so timers stay small.
    if (next == 0 && lines % (kSeries * 400) == 0) {
      benchmark::DoNotOptimize(aggregator.flush(std::chrono::system_clock::now()));
    }
  }
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
}

void BM_StatsdAddPacket(benchmark::State& state) {
  run(state, false);
}
void BM_StatsdAddPacketTagged(benchmark::State& state) {
  run(state, true);
}
BENCHMARK(BM_StatsdAddPacket);
BENCHMARK(BM_StatsdAddPacketTagged);

}  // namespace
