// Graphite plaintext in etsy's legacy layout. The timer keys and their order follow etsy's
// lib/process_metrics.js, which builds the object that graphite.js walks.
#include "backend/metrics/graphite_lines.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "backend/metrics/statsd_timer_stats.hpp"

namespace opsdeck::metrics {
namespace {

// "api.hits" plus ";env=prod;role=db" for DogStatsD labels ("env:prod"; a bare tag becomes "tag=true"
// since Graphite tags need a value).
std::string graphite_name(const StatsdSeriesName& series) {
  std::string name(series.name());
  for (const auto& label : series.labels) {
    std::size_t colon = label.find(':');
    name += ';';
    name +=
        colon == std::string::npos ? label + "=true" : label.substr(0, colon) + "=" + label.substr(colon + 1);
  }
  return name;
}

class LineWriter {
 public:
  LineWriter(std::string& out, std::string_view prefix, std::int64_t timestamp)
      : out_(out), prefix_(prefix), suffix_(" " + std::to_string(timestamp) + "\n") {}

  void line(std::string_view path, double value) {
    if (!prefix_.empty()) {
      out_ += prefix_;
      out_ += '.';
    }
    out_ += path;
    out_ += ' ';
    out_ += javascript_number(value);
    out_ += suffix_;
  }

 private:
  std::string& out_;
  std::string_view prefix_;
  std::string suffix_;
};

}  // namespace

std::string javascript_number(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "Infinity" : "-Infinity";
  }
  if (value == 0) {
    return "0";  // also -0, as JavaScript prints it
  }
  // Shortest round-trip digits and the decimal exponent, then JavaScript's choice between fixed and
  // exponent notation (ECMA-262 Number::toString: fixed for 1e-7 < |x| < 1e21).
  char scientific[64];
  auto [end, error] =
      std::to_chars(scientific, scientific + sizeof scientific, value, std::chars_format::scientific);
  if (error != std::errc{}) {
    return "NaN";
  }
  std::string text(scientific, end);
  bool negative = text.front() == '-';
  if (negative) {
    text.erase(0, 1);
  }
  std::size_t e = text.find('e');
  int exponent = std::atoi(text.c_str() + e + 1);
  std::string digits;
  for (std::size_t i = 0; i < e; ++i) {
    if (text[i] != '.') {
      digits += text[i];
    }
  }
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // position of the decimal point relative to the digits
  std::string out = negative ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n)) + "." + digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) {
      out += "." + digits.substr(1);
    }
    out += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
  }
  return out;
}

std::string graphite_lines(const StatsdFlush& flush, std::string_view prefix) {
  std::string out;
  // etsy passes Math.round(Date.now() / 1000) as the timestamp.
  const auto milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(flush.at.time_since_epoch()).count();
  LineWriter writer(out, prefix,
                    static_cast<std::int64_t>(std::floor(static_cast<double>(milliseconds) / 1000.0 + 0.5)));
  std::uint64_t series = 0;
  for (const auto& counter : flush.counters) {
    const std::string name = graphite_name(*counter.series);
    writer.line("stats." + name, counter.rate);
    writer.line("stats_counts." + name, counter.value);
    ++series;
  }
  for (const auto& timer : flush.timers) {
    const std::string base = "stats.timers." + graphite_name(*timer.series) + ".";
    const TimerStats& stats = timer.stats;
    for (const auto& percentile : stats.percentiles) {
      const std::string suffix = percentile_suffix(percentile.percentile);
      writer.line(base + "count_" + suffix, percentile.count);
      writer.line(base + "mean_" + suffix, percentile.mean);
      writer.line(base + (percentile.percentile > 0 ? "upper_" : "lower_") + suffix, percentile.bound);
      writer.line(base + "sum_" + suffix, percentile.sum);
      writer.line(base + "sum_squares_" + suffix, percentile.sum_squares);
    }
    writer.line(base + "std", stats.stddev);
    writer.line(base + "upper", stats.upper);
    writer.line(base + "lower", stats.lower);
    writer.line(base + "count", stats.count);
    writer.line(base + "count_ps", stats.count_ps);
    writer.line(base + "sum", stats.sum);
    writer.line(base + "sum_squares", stats.sum_squares);
    writer.line(base + "mean", stats.mean);
    writer.line(base + "median", stats.median);
    ++series;
  }
  for (const auto& gauge : flush.gauges) {
    writer.line("stats.gauges." + graphite_name(*gauge.series), gauge.value);
    ++series;
  }
  for (const auto& set : flush.sets) {
    writer.line("stats.sets." + graphite_name(*set.series) + ".count", static_cast<double>(set.count));
    ++series;
  }
  writer.line("statsd.numStats", static_cast<double>(series));
  return out;
}

}  // namespace opsdeck::metrics
