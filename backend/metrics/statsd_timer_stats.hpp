// The statistics etsy statsd computes for a timer or histogram at flush (lib/process_metrics.js), in the
// same order of floating-point operations so the numbers match etsy's to the last bit.
#pragma once

#include <string>
#include <vector>

namespace opsdeck::metrics {

struct TimerPercentile {
  double percentile = 0;   // 90, 99.9, or negative (-10: the lowest 10 %, etsy's "top10" naming)
  double count = 0;        // values inside the threshold
  double mean = 0;         // mean_<pct>
  double bound = 0;        // upper_<pct> (lower_<pct> when percentile < 0)
  double sum = 0;          // sum_<pct>
  double sum_squares = 0;  // sum_squares_<pct>
};

struct TimerStats {
  double count = 0;     // samples scaled by 1 / sample rate, as etsy's timer_counters
  double count_ps = 0;  // count per second of flush interval
  double sum = 0;
  double sum_squares = 0;
  double mean = 0;
  double median = 0;
  double lower = 0;
  double upper = 0;
  double stddev = 0;                         // population standard deviation ("std" in etsy)
  std::vector<TimerPercentile> percentiles;  // only those etsy emits (skipped when none fall inside)
};

// values: this interval's samples (sorted in place); must not be empty.
TimerStats compute_timer_stats(std::vector<double>& values, double scaled_count, double interval_seconds,
                               const std::vector<double>& percentiles);

// The suffix etsy uses in names: 90 -> "90", 99.9 -> "99_9", -10 -> "top10".
std::string percentile_suffix(double percentile);

}  // namespace opsdeck::metrics
