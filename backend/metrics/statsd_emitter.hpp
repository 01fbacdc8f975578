// StatsdEmitter: how every engine reports its own timings and counts (DESIGN.md), switched on as in the
// Cartography guide: --statsd-enabled, --statsd-host, --statsd-port, --statsd-prefix. Lines are batched into
// packets under the MTU and sent on a non-blocking UDP socket by a small flush thread; a full socket buffer
// or a statsd that is not there drops lines (counted) and never fails or slows the job that emitted them.
// Thread-safe: one emitter is shared by every job of a process.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "backend/core/result.hpp"

namespace opsdeck::metrics {

struct StatsdEmitterOptions {
  bool enabled = false;
  std::string host = "127.0.0.1";  // numeric address or a name resolved once when the emitter is created
  std::uint16_t port = 8125;
  std::string prefix;                             // "opsdeck" gives "opsdeck.sync.duration"; empty: no prefix
  std::size_t max_packet_bytes = 1'432;           // fits one Ethernet frame with IPv6/UDP headers
  std::chrono::milliseconds flush_interval{500};  // a partly filled packet waits at most this long
};

struct StatsdEmitterCounters {
  std::uint64_t lines = 0;  // accepted into a packet
  std::uint64_t packets_sent = 0;
  std::uint64_t lines_dropped = 0;  // in packets the kernel refused (buffer full, nothing listening)
};

class StatsdEmitter {
 public:
  // A disabled emitter (options.enabled false) accepts every call and sends nothing. An enabled one fails
  // only when the host cannot be resolved or the socket cannot be made; the message names host and port.
  static core::Result<std::shared_ptr<StatsdEmitter>> create(StatsdEmitterOptions options);
  static std::shared_ptr<StatsdEmitter> disabled();
  ~StatsdEmitter();  // sends what is buffered, then stops the flush thread
  StatsdEmitter(const StatsdEmitter&) = delete;
  StatsdEmitter& operator=(const StatsdEmitter&) = delete;

  bool enabled() const { return socket_ >= 0; }
  std::string destination() const { return destination_; }  // "127.0.0.1:8125"; empty when disabled

  void count(std::string_view name, double value = 1);
  void gauge(std::string_view name, double value);
  void timing(std::string_view name, std::chrono::duration<double, std::milli> elapsed);
  void set(std::string_view name, std::string_view member);

  // Sends the partly filled packet now (tests, and before a CLI command exits).
  void flush();
  StatsdEmitterCounters counters() const;

  // "a.b c|d" -> "a.b_c_d": what may not appear in a statsd name (':', '|', '@', '#', whitespace, control
  // bytes) becomes '_'.
  static std::string sanitize(std::string_view name);

 private:
  StatsdEmitter() = default;
  void add_line(std::string_view name, std::string_view value, std::string_view type);
  void send_locked();
  void run(std::stop_token stop);

  StatsdEmitterOptions options_;
  int socket_ = -1;
  std::string destination_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::string packet_;
  std::size_t packet_lines_ = 0;
  StatsdEmitterCounters counters_;
  std::jthread thread_;
};

}  // namespace opsdeck::metrics
