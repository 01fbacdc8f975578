// A transcription of the timer loop of etsy statsd's lib/process_metrics.js. Kept deliberately close to the
// original (including how sum/mean/bound carry over between percentiles for a single sample) because the
// issue asks for the same results as etsy statsd for the same input.
#include "backend/metrics/statsd_timer_stats.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace opsdeck::metrics {

TimerStats compute_timer_stats(std::vector<double>& values, double scaled_count, double interval_seconds,
                               const std::vector<double>& percentiles) {
  TimerStats stats;
  std::sort(values.begin(), values.end());
  const std::size_t count = values.size();
  const double min = values.front();
  const double max = values.back();

  std::vector<double> cumulative(count);
  std::vector<double> cumulative_squares(count);
  cumulative[0] = min;
  cumulative_squares[0] = min * min;
  for (std::size_t i = 1; i < count; ++i) {
    cumulative[i] = values[i] + cumulative[i - 1];
    cumulative_squares[i] = (values[i] * values[i]) + cumulative_squares[i - 1];
  }

  double sum = min;
  double sum_squares = min * min;
  double mean = min;
  double threshold_boundary = max;
  for (double pct : percentiles) {
    double in_threshold = static_cast<double>(count);
    if (count > 1) {
      // JavaScript's Math.round rounds halves up; these are never negative, so floor(x + 0.5) is exact.
      in_threshold = std::floor(std::abs(pct) / 100 * static_cast<double>(count) + 0.5);
      if (in_threshold == 0) {
        continue;
      }
      auto n = static_cast<std::size_t>(in_threshold);
      if (pct > 0) {
        threshold_boundary = values[n - 1];
        sum = cumulative[n - 1];
        sum_squares = cumulative_squares[n - 1];
      } else {
        threshold_boundary = values[count - n];
        // etsy reads cumulativeValues[-1] (undefined -> NaN) when the whole range is taken; use 0 there.
        double before = count - n >= 1 ? cumulative[count - n - 1] : 0;
        double before_squares = count - n >= 1 ? cumulative_squares[count - n - 1] : 0;
        sum = cumulative[count - 1] - before;
        sum_squares = cumulative_squares[count - 1] - before_squares;
      }
      mean = sum / in_threshold;
    }
    stats.percentiles.push_back(
        TimerPercentile{pct, in_threshold, mean, threshold_boundary, sum, sum_squares});
  }

  sum = cumulative[count - 1];
  sum_squares = cumulative_squares[count - 1];
  mean = sum / static_cast<double>(count);
  double sum_of_diffs = 0;
  for (double value : values) {
    sum_of_diffs += (value - mean) * (value - mean);
  }
  std::size_t mid = count / 2;
  stats.median = (count % 2) != 0 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  stats.stddev = std::sqrt(sum_of_diffs / static_cast<double>(count));
  stats.upper = max;
  stats.lower = min;
  stats.count = scaled_count;
  stats.count_ps = scaled_count / interval_seconds;
  stats.sum = sum;
  stats.sum_squares = sum_squares;
  stats.mean = mean;
  return stats;
}

std::string percentile_suffix(double percentile) {
  char text[32];
  auto [end, error] = std::to_chars(text, text + sizeof text, std::abs(percentile));
  std::string suffix = error == std::errc{} ? std::string(text, end) : std::string("0");
  std::replace(suffix.begin(), suffix.end(), '.', '_');
  return percentile < 0 ? "top" + suffix : suffix;
}

}  // namespace opsdeck::metrics
