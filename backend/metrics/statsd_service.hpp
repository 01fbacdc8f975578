// StatsdService: the statsd server as the configuration asks for it (metrics.*), with its Graphite forwarder
// when metrics.graphite is set: every flush is queued for Graphite from the server thread (never blocking
// it) before any other flush callback runs. The console runs one; `opsdeck metrics serve` has flags of its
// own on top of the same keys.
#pragma once

#include <memory>

#include "backend/core/config.hpp"
#include "backend/core/result.hpp"
#include "backend/metrics/graphite_forwarder.hpp"
#include "backend/metrics/statsd_server.hpp"

namespace opsdeck::metrics {

struct StatsdService {
  std::unique_ptr<GraphiteForwarder> graphite;  // null when metrics.graphite is empty; outlives the server
  std::unique_ptr<StatsdServer> server;         // destroyed first: its thread calls into graphite
};

// metrics.graphite and metrics.graphite_prefix.
GraphiteForwarderOptions graphite_forwarder_options_from_config(const core::Config& config);

// Fails on bad keys, an unbindable address, or a bad metrics.graphite (named in the message).
core::Result<StatsdService> start_statsd_service(const core::Config& config,
                                                 StatsdServer::FlushCallback on_flush = {});

}  // namespace opsdeck::metrics
