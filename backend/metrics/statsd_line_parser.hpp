// StatsdLineParser: the etsy statsd line protocol (plus DogStatsD tags) without sockets. Bytes in, parsed
// metrics or a bad-line reason out, so the parser is unit-testable and fuzzable (STYLE.md rule 5). Parsed
// metrics hold string_views into the caller's buffer: nothing is allocated per line.
#pragma once

#include <cstddef>
#include <string_view>

namespace opsdeck::metrics {

enum class StatsdType { kCounter, kTimer, kHistogram, kGauge, kSet };

std::string_view to_string(StatsdType type);

struct StatsdMetric {
  std::string_view name;  // raw name as sent; the aggregator sanitizes it as etsy does
  StatsdType type = StatsdType::kCounter;
  double value = 0;             // counters, timers, histograms, gauges (delta magnitude signed)
  bool gauge_delta = false;     // "+N" / "-N" on a gauge adds to the previous value
  std::string_view set_member;  // sets: the member as sent
  double sample_rate = 1;       // "@0.1"; counters and timers are scaled by 1 / rate
  std::string_view tags;        // DogStatsD "env:prod,role:db" (without "#"), empty when none
};

// A parsed line: either a metric or the reason it was refused (a static string, never allocated).
struct StatsdLineResult {
  StatsdMetric metric;
  std::string_view bad_reason;  // empty when the line parsed
  bool ok() const { return bad_reason.empty(); }
};

struct StatsdParseLimits {
  std::size_t max_name_bytes = 256;   // longer names are refused: they would bloat every series key
  std::size_t max_line_bytes = 2048;  // longer lines are refused before any parsing
  // Larger magnitudes (of a value, or of a counter's value / sample rate, or of a sampled timer's 1 / rate)
  // are refused: within this bound no sum, sum of squares or gauge delta in a flush can overflow to inf.
  double max_abs_value = 1e100;
};

class StatsdLineParser {
 public:
  explicit StatsdLineParser(StatsdParseLimits limits = {}) : limits_(limits) {}

  StatsdLineResult parse_line(std::string_view line) const;

  // Splits a packet on '\n' (a trailing '\r' is dropped) and skips empty lines as etsy statsd does.
  // on_line(std::string_view line, const StatsdLineResult&) is called for every non-empty line.
  template <typename OnLine>
  std::size_t parse_packet(std::string_view packet, OnLine&& on_line) const {
    std::size_t lines = 0;
    while (!packet.empty()) {
      std::size_t end = packet.find('\n');
      std::string_view line = packet.substr(0, end);
      packet = end == std::string_view::npos ? std::string_view{} : packet.substr(end + 1);
      if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
      }
      if (line.empty()) {
        continue;
      }
      ++lines;
      on_line(line, parse_line(line));
    }
    return lines;
  }

  const StatsdParseLimits& limits() const { return limits_; }

 private:
  StatsdParseLimits limits_;
};

}  // namespace opsdeck::metrics
