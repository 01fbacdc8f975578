// One StatsdFlush as Graphite plaintext ("path value unix_ts\n" per line) in etsy statsd's default
// (legacyNamespace) layout of backends/graphite.js, so existing Graphite dashboards keep their paths:
//   counters   stats.<name> (per second) and stats_counts.<name> (the interval's count)
//   timers     stats.timers.<name>.{count_P,mean_P,upper_P|lower_P,sum_P,sum_squares_P}... then
//              std, upper, lower, count, count_ps, sum, sum_squares, mean, median
//   gauges     stats.gauges.<name>
//   sets       stats.sets.<name>.count
//   and        statsd.numStats (the number of series written; etsy's legacy layout has no "stats." here)
// every path behind an optional prefix ("opsdeck" -> "opsdeck.stats.api.hits"). A DogStatsD-tagged series
// is written with Graphite 1.1 tags: "stats.api.hits;env=prod". Numbers are written as JavaScript would
// (shortest round trip, "1e-7", no ".0"), so the output matches etsy's byte for byte. Socket-free.
#pragma once

#include <string>
#include <string_view>

#include "backend/metrics/statsd_snapshot.hpp"

namespace opsdeck::metrics {

std::string graphite_lines(const StatsdFlush& flush, std::string_view prefix);

// A double as JavaScript's Number.prototype.toString writes it.
std::string javascript_number(double value);

}  // namespace opsdeck::metrics
