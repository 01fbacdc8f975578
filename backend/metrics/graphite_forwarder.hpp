// GraphiteForwarder: sends every flush of the statsd server to Graphite's plaintext port without ever
// holding up the server. submit() renders the lines (graphite_lines) and queues them; a thread of its own
// connects, writes and reconnects with exponential backoff. The queue is bounded: when Graphite is away
// for long, the oldest flushes are dropped and counted, so memory stays bounded and what was lost is known.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "backend/core/result.hpp"
#include "backend/metrics/statsd_address.hpp"
#include "backend/metrics/statsd_snapshot.hpp"

namespace opsdeck::metrics {

struct GraphiteForwarderOptions {
  std::string address;                  // "127.0.0.1:2003" / "[::1]:2003": numeric, like the statsd listeners
  std::string prefix;                   // before etsy's "stats." / "stats_counts." paths; empty = none
  std::size_t max_queued_flushes = 60;  // ten minutes at 10 s
  std::chrono::milliseconds min_backoff{200};
  std::chrono::milliseconds max_backoff{30'000};
  std::chrono::milliseconds io_timeout{5'000};  // connect and each write
};

struct GraphiteForwarderCounters {
  std::uint64_t flushes_queued = 0;   // every submit()
  std::uint64_t flushes_sent = 0;     // written whole to a live connection
  std::uint64_t flushes_dropped = 0;  // pushed out of the full queue
  std::uint64_t connects = 0;
  std::uint64_t connect_failures = 0;
  std::size_t queued = 0;  // waiting now
  bool connected = false;
  std::string last_error;
};

class GraphiteForwarder {
 public:
  // Checks the address and starts the thread (it connects on the first flush).
  static core::Result<std::unique_ptr<GraphiteForwarder>> start(GraphiteForwarderOptions options);
  ~GraphiteForwarder();  // stops the thread; what is still queued is not sent
  GraphiteForwarder(const GraphiteForwarder&) = delete;
  GraphiteForwarder& operator=(const GraphiteForwarder&) = delete;

  // Never blocks on the network: renders and queues (dropping the oldest queued flush when full).
  void submit(const StatsdFlush& flush);
  GraphiteForwarderCounters counters() const;
  const std::string& address() const { return options_.address; }

 private:
  GraphiteForwarder(GraphiteForwarderOptions options, StatsdAddress address);
  void run(std::stop_token stop);
  bool connection_alive() const;
  bool connect_once();
  bool write_all(const std::string& text);
  void disconnect();

  GraphiteForwarderOptions options_;
  StatsdAddress target_;
  int socket_ = -1;  // owned by the thread
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<std::string> queue_;
  GraphiteForwarderCounters counters_;
  std::jthread thread_;
};

}  // namespace opsdeck::metrics
