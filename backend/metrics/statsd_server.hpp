// StatsdServer: the in-process statsd server. The server thread owns a UDP socket (recvmmsg, a batch of
// datagrams per system call), the admin TCP listener and its clients, and the aggregator; it sleeps in poll()
// until a datagram, an admin line, the flush deadline or stop(). More receive threads (receive_threads) each
// own one more socket on the same address and a worker aggregator that the server thread absorbs. Flushes are
// published through the aggregator's Published slots and handed to an optional callback (the CLI prints them
// as JSON).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "backend/core/published.hpp"
#include "backend/core/result.hpp"
#include "backend/metrics/statsd_aggregator.hpp"

namespace opsdeck::metrics {

struct StatsdServerOptions {
  std::string listen = "127.0.0.1:8125";  // UDP; "[::1]:8125" for IPv6, port 0 for any free port
  std::string admin = "127.0.0.1:8126";   // TCP management interface; empty to disable
  std::chrono::milliseconds flush_interval{10'000};
  // UDP receive threads, each with its own socket on the same address (SO_REUSEPORT: the kernel spreads
  // the senders over them, each sender's datagrams staying on one socket, in order) and its own aggregator,
  // absorbed into the server's before every flush and admin reply. 0: one per CPU, at most 4.
  std::size_t receive_threads = 0;
  std::size_t receive_batch = 64;        // datagrams per recvmmsg call
  std::size_t max_packet_bytes = 8'192;  // larger datagrams are counted as bad, not parsed
  // Kernel receive buffer asked for (SO_RCVBUFFORCE when allowed, else SO_RCVBUF up to rmem_max): room for
  // bursts while the thread flushes or is descheduled. Kernel memory, not the process's RSS.
  int receive_buffer_bytes = 32 << 20;
  StatsdAggregatorOptions aggregator;  // its flush_interval is taken from flush_interval above
};

class StatsdServer {
 public:
  using FlushCallback = std::function<void(const StatsdFlush&)>;

  // Binds both sockets (errors name the address) and starts the server thread.
  static core::Result<std::unique_ptr<StatsdServer>> start(StatsdServerOptions options,
                                                           FlushCallback on_flush = {});
  ~StatsdServer();
  StatsdServer(const StatsdServer&) = delete;
  StatsdServer& operator=(const StatsdServer&) = delete;

  // Stops the thread (after a last flush, so nothing received is lost) and closes the sockets. Idempotent.
  void stop();

  std::uint16_t udp_port() const { return udp_port_; }
  std::size_t receive_threads() const;
  std::uint16_t admin_port() const { return admin_port_; }
  std::string udp_address() const { return udp_address_; }
  std::string admin_address() const { return admin_address_; }

  core::Published<StatsdFlush>& latest() { return aggregator_.latest(); }
  core::Published<StatsdHistory>& history() { return aggregator_.history(); }

 private:
  struct Sockets;
  struct Worker;
  StatsdServer(StatsdServerOptions options, FlushCallback on_flush);
  void run();
  void run_worker(Worker& worker);
  // Moves what the other receive threads collected into aggregator_ (server thread only); true when they
  // had received anything.
  bool absorb_workers();

  StatsdServerOptions options_;
  FlushCallback on_flush_;
  StatsdAggregator aggregator_;
  std::unique_ptr<Sockets> sockets_;
  std::uint16_t udp_port_ = 0;
  std::uint16_t admin_port_ = 0;
  std::string udp_address_;
  std::string admin_address_;
  std::thread thread_;
};

}  // namespace opsdeck::metrics
