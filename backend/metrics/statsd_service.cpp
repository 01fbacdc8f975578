#include "backend/metrics/statsd_service.hpp"

#include <utility>

#include "backend/metrics/statsd_options_from_config.hpp"

namespace opsdeck::metrics {

GraphiteForwarderOptions graphite_forwarder_options_from_config(const core::Config& config) {
  GraphiteForwarderOptions options;
  options.address = config.get_string("metrics.graphite");
  options.prefix = config.get_string("metrics.graphite_prefix");
  return options;
}

core::Result<StatsdService> start_statsd_service(const core::Config& config,
                                                 StatsdServer::FlushCallback on_flush) {
  auto options = statsd_server_options_from_config(config);
  if (!options.ok()) {
    return core::Unexpected{options.error()};
  }
  StatsdService service;
  GraphiteForwarderOptions forward = graphite_forwarder_options_from_config(config);
  if (!forward.address.empty()) {
    auto started = GraphiteForwarder::start(std::move(forward));
    if (!started.ok()) {
      return core::Unexpected{started.error()};
    }
    service.graphite = std::move(*started);
  }
  auto server = StatsdServer::start(
      std::move(*options),
      [graphite = service.graphite.get(), on_flush = std::move(on_flush)](const StatsdFlush& flush) {
        if (graphite != nullptr) {
          graphite->submit(flush);
        }
        if (on_flush) {
          on_flush(flush);
        }
      });
  if (!server.ok()) {
    return core::Unexpected{server.error()};
  }
  service.server = std::move(*server);
  return service;
}

}  // namespace opsdeck::metrics
