// The statsd server's and the emitter's options from the configuration (the metrics.* and statsd.* keys),
// shared by the console, `opsdeck metrics serve` and the CLI's global --statsd-* flags.
#pragma once

#include <string_view>
#include <vector>

#include "backend/core/config.hpp"
#include "backend/core/result.hpp"
#include "backend/metrics/statsd_emitter.hpp"
#include "backend/metrics/statsd_server.hpp"

namespace opsdeck::metrics {

// "90,95,99.9,-10" -> {90, 95, 99.9, -10}. Each must be a number in [-100, 100] other than 0; `what` names
// the input (key or flag) in the message.
core::Result<std::vector<double>> parse_percentiles(std::string_view text, std::string_view what);

// metrics.listen, metrics.admin, metrics.flush_interval, metrics.percentiles, metrics.max_series,
// metrics.history_flushes. Fails only on a bad metrics.percentiles.
core::Result<StatsdServerOptions> statsd_server_options_from_config(const core::Config& config);

// statsd.enabled, statsd.host, statsd.port, statsd.prefix.
StatsdEmitterOptions statsd_emitter_options_from_config(const core::Config& config);

}  // namespace opsdeck::metrics
