// A StatsdFlush as one JSON object, the format of `opsdeck metrics serve --json` (one object per flush).
// Timers carry etsy's names: count, count_ps, sum, sum_squares, mean, median, lower, upper, std and, per
// percentile, count_90, mean_90, upper_90, sum_90, sum_squares_90.
#pragma once

#include <nlohmann/json.hpp>

#include "backend/metrics/statsd_snapshot.hpp"

namespace opsdeck::metrics {

nlohmann::json statsd_flush_to_json(const StatsdFlush& flush);

}  // namespace opsdeck::metrics
