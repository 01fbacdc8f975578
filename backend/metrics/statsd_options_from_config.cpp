// Config keys -> statsd options. Addresses are checked when the server binds (its message names them).
#include "backend/metrics/statsd_options_from_config.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace opsdeck::metrics {

core::Result<std::vector<double>> parse_percentiles(std::string_view text, std::string_view what) {
  std::vector<double> out;
  std::string_view rest = text;
  while (true) {
    std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    while (!item.empty() && item.back() == ' ') {
      item.remove_suffix(1);
    }
    double value = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || error != std::errc{} || end != item.data() + item.size() || !std::isfinite(value) ||
        value == 0 || value < -100 || value > 100) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        std::string(what) + ": expected comma-separated percentiles between -100 and 100 " +
                            "(not 0), e.g. \"90,95,99\"; got \"" + std::string(text) + "\"");
    }
    out.push_back(value);
    if (comma == std::string_view::npos) {
      break;
    }
    rest = rest.substr(comma + 1);
  }
  return out;
}

core::Result<StatsdServerOptions> statsd_server_options_from_config(const core::Config& config) {
  StatsdServerOptions options;
  options.listen = config.get_string("metrics.listen");
  options.admin = config.get_string("metrics.admin");
  options.flush_interval = std::chrono::seconds(config.get_int("metrics.flush_interval"));
  auto percentiles = parse_percentiles(config.get_string("metrics.percentiles"), "metrics.percentiles");
  if (!percentiles.ok()) {
    return core::Unexpected{percentiles.error()};
  }
  options.aggregator.percentiles = std::move(*percentiles);
  options.aggregator.max_series = static_cast<std::size_t>(config.get_int("metrics.max_series"));
  options.receive_threads = static_cast<std::size_t>(config.get_int("metrics.receive_threads"));
  options.aggregator.history_flushes = static_cast<std::size_t>(config.get_int("metrics.history_flushes"));
  return options;
}

StatsdEmitterOptions statsd_emitter_options_from_config(const core::Config& config) {
  StatsdEmitterOptions options;
  options.enabled = config.get_bool("statsd.enabled");
  options.host = config.get_string("statsd.host");
  options.port = static_cast<std::uint16_t>(config.get_int("statsd.port"));
  options.prefix = config.get_string("statsd.prefix");
  return options;
}

}  // namespace opsdeck::metrics
