// The socket side of the statsd server. The server thread's aggregator needs no lock: each further receive
// thread fills its own worker aggregator under its own mutex, which the server thread takes only to absorb
// the worker (before a flush or an admin reply), so a receive thread never waits on a flush.
#include "backend/metrics/statsd_server.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include "backend/core/wakeup_fd.hpp"
#include "backend/metrics/statsd_address.hpp"
#include "backend/metrics/statsd_admin.hpp"
#include "backend/metrics/statsd_datagram_receiver.hpp"

namespace opsdeck::metrics {
namespace {

// An admin client sending more than this without a newline is not a management script: drop it.
constexpr std::size_t kMaxAdminLineBytes = 4096;
constexpr std::size_t kMaxAdminClients = 16;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }

 private:
  int fd_ = -1;
};

core::Unexpected socket_error(const std::string& what, const std::string& address) {
  return core::fail(core::ErrorCategory::kIo, what + " " + address + ": " + std::strerror(errno));
}

core::Result<Fd> open_socket(const StatsdAddress& address, int type, const std::string& text,
                             bool reuse_port = false) {
  Fd fd(::socket(address.family(), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    return socket_error("cannot create a socket for", text);
  }
  int yes = 1;
  if (type == SOCK_STREAM) {
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  }
  if (reuse_port && ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &yes, sizeof yes) != 0) {
    return socket_error("cannot share (SO_REUSEPORT)", text);
  }
  if (address.family() == AF_INET6) {
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &yes, sizeof yes);
  }
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0) {
    return socket_error("cannot bind", text);
  }
  if (type == SOCK_STREAM && ::listen(fd.get(), 16) != 0) {
    return socket_error("cannot listen on", text);
  }
  return fd;
}

sockaddr_storage bound_address(int fd) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
  return storage;
}

void set_receive_buffer(int fd, int bytes) {
  if (bytes > 0 && ::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  }
}

std::size_t receive_thread_count(std::size_t asked) {
  if (asked > 0) {
    return asked;
  }
  return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
}

struct AdminClient {
  Fd fd;
  std::string input;
  std::string output;
  bool closing = false;
};

}  // namespace

struct StatsdServer::Worker {
  explicit Worker(const StatsdAggregatorOptions& options) : aggregator(options) {}
  Fd udp;
  std::mutex mutex;
  StatsdAggregator aggregator;  // guarded by mutex
  std::thread thread;
};

struct StatsdServer::Sockets {
  Fd udp;
  std::vector<std::unique_ptr<Worker>> workers;
  Fd admin;
  core::WakeupFd stop_signal;
  std::atomic<bool> stopping{false};
  std::vector<AdminClient> clients;
};

StatsdServer::StatsdServer(StatsdServerOptions options, FlushCallback on_flush)
    : options_(std::move(options)),
      on_flush_(std::move(on_flush)),
      aggregator_([this] {
        StatsdAggregatorOptions aggregator = options_.aggregator;
        aggregator.flush_interval = options_.flush_interval;
        return aggregator;
      }()),
      sockets_(std::make_unique<Sockets>()) {
}

core::Result<std::unique_ptr<StatsdServer>> StatsdServer::start(StatsdServerOptions options,
                                                                FlushCallback on_flush) {
  if (options.flush_interval.count() <= 0) {
    return core::fail(core::ErrorCategory::kInvalidInput, "flush interval: expected a positive duration");
  }
  if (options.receive_batch == 0 || options.max_packet_bytes == 0) {
    return core::fail(core::ErrorCategory::kInvalidInput, "receive batch and packet size must be positive");
  }
  auto listen = parse_statsd_address(options.listen);
  if (!listen) {
    return core::Unexpected{listen.error()};
  }
  std::unique_ptr<StatsdServer> server(new StatsdServer(std::move(options), std::move(on_flush)));
  const std::size_t threads = receive_thread_count(server->options_.receive_threads);
  StatsdAddress target = *listen;
  if (threads > 1) {
    // SO_REUSEPORT sockets would share a port another server of this user already holds: bind a plain
    // socket first, which fails on a busy port (and picks the port for port 0), then let the group take it.
    auto probe = open_socket(*listen, SOCK_DGRAM, server->options_.listen);
    if (!probe) {
      return core::Unexpected{probe.error()};
    }
    target.storage = bound_address(probe->get());
  }
  auto udp = open_socket(target, SOCK_DGRAM, server->options_.listen, threads > 1);
  if (!udp) {
    return core::Unexpected{udp.error()};
  }
  server->sockets_->udp = std::move(*udp);
  set_receive_buffer(server->sockets_->udp.get(), server->options_.receive_buffer_bytes);
  sockaddr_storage udp_bound = bound_address(server->sockets_->udp.get());
  server->udp_port_ = address_port(udp_bound);
  server->udp_address_ = describe_address(udp_bound);
  for (std::size_t i = 1; i < threads; ++i) {
    auto more = open_socket(target, SOCK_DGRAM, server->udp_address_, true);
    if (!more) {
      return core::Unexpected{more.error()};
    }
    set_receive_buffer(more->get(), server->options_.receive_buffer_bytes);
    auto worker = std::make_unique<Worker>(server->options_.aggregator);
    worker->udp = std::move(*more);
    server->sockets_->workers.push_back(std::move(worker));
  }
  if (!server->options_.admin.empty()) {
    auto admin = parse_statsd_address(server->options_.admin);
    if (!admin) {
      return core::Unexpected{admin.error()};
    }
    auto tcp = open_socket(*admin, SOCK_STREAM, server->options_.admin);
    if (!tcp) {
      return core::Unexpected{tcp.error()};
    }
    server->sockets_->admin = std::move(*tcp);
    sockaddr_storage admin_bound = bound_address(server->sockets_->admin.get());
    server->admin_port_ = address_port(admin_bound);
    server->admin_address_ = describe_address(admin_bound);
  }
  for (auto& worker : server->sockets_->workers) {
    worker->thread = std::thread([raw = server.get(), worker = worker.get()] { raw->run_worker(*worker); });
  }
  server->thread_ = std::thread([raw = server.get()] { raw->run(); });
  return server;
}

StatsdServer::~StatsdServer() {
  stop();
}

std::size_t StatsdServer::receive_threads() const {
  return 1 + sockets_->workers.size();
}

void StatsdServer::run_worker(Worker& worker) {
  Sockets& sockets = *sockets_;
  DatagramReceiver receiver(options_.receive_batch, options_.max_packet_bytes);
  auto add_batch = [&worker](const DatagramReceiver& batch, int count) {
    std::lock_guard lock(worker.mutex);
    for (int i = 0; i < count; ++i) {
      if (batch.truncated(i)) {
        worker.aggregator.add_truncated_packet(batch.packet_bytes());
      } else {
        worker.aggregator.add_packet(batch.packet(i));
      }
    }
  };
  pollfd fds[2] = {pollfd{sockets.stop_signal.fd(), POLLIN, 0}, pollfd{worker.udp.get(), POLLIN, 0}};
  while (!sockets.stopping.load()) {
    int ready = ::poll(fds, 2, -1);
    if (ready < 0 && errno != EINTR) {
      break;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      receiver.drain(worker.udp.get(), add_batch);
    }
  }
  receiver.drain(worker.udp.get(), add_batch, 1 << 20);
}

bool StatsdServer::absorb_workers() {
  std::uint64_t packets = aggregator_.totals().packets_received;
  for (auto& worker : sockets_->workers) {
    std::lock_guard lock(worker->mutex);
    aggregator_.absorb(worker->aggregator);
  }
  return aggregator_.totals().packets_received != packets;
}

void StatsdServer::stop() {
  if (sockets_ && !sockets_->stopping.exchange(true)) {
    sockets_->stop_signal.notify();
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

void StatsdServer::run() {
  Sockets& sockets = *sockets_;
  DatagramReceiver receiver(options_.receive_batch, options_.max_packet_bytes);
  auto started = std::chrono::steady_clock::now();
  StatsdAdmin admin(aggregator_, started);
  auto next_flush = started + options_.flush_interval;

  auto absorb = [&] {
    if (absorb_workers()) {
      admin.saw_message(std::chrono::steady_clock::now());
    }
  };
  auto do_flush = [this, &absorb] {
    absorb();
    auto flushed = aggregator_.flush(std::chrono::system_clock::now());
    if (on_flush_) {
      on_flush_(*flushed);
    }
    // Each flush frees the previous snapshots (with many series, tens of MB of small blocks): hand the free
    // pages back to the kernel so RSS tracks what is live rather than the allocator's high-water mark.
    ::malloc_trim(0);
  };

  auto add_batch = [&](const DatagramReceiver& batch, int count) {
    for (int i = 0; i < count; ++i) {
      if (batch.truncated(i)) {
        aggregator_.add_truncated_packet(batch.packet_bytes());
      } else {
        aggregator_.add_packet(batch.packet(i));
      }
    }
    admin.saw_message(std::chrono::steady_clock::now());
  };
  auto receive = [&](int max_batches) { receiver.drain(sockets.udp.get(), add_batch, max_batches); };

  auto serve_client = [&](AdminClient& client, short revents) {
    if ((revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char chunk[1024];
      ssize_t got = ::recv(client.fd.get(), chunk, sizeof chunk, 0);
      if (got <= 0) {
        if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
          client.closing = true;
          client.output.clear();
        }
      } else {
        client.input.append(chunk, static_cast<std::size_t>(got));
        std::size_t newline;
        if (client.input.find('\n') != std::string::npos) {
          absorb();  // the reply counts and shows what every receive thread has seen
        }
        while (!client.closing && (newline = client.input.find('\n')) != std::string::npos) {
          StatsdAdminReply reply = admin.answer(std::string_view(client.input).substr(0, newline),
                                                std::chrono::steady_clock::now());
          client.input.erase(0, newline + 1);
          client.output += reply.text;
          client.closing = reply.close;
        }
        if (client.input.size() > kMaxAdminLineBytes) {
          client.closing = true;
        }
      }
    }
    if (!client.output.empty()) {
      ssize_t sent = ::send(client.fd.get(), client.output.data(), client.output.size(), MSG_NOSIGNAL);
      if (sent > 0) {
        client.output.erase(0, static_cast<std::size_t>(sent));
      } else if (errno != EAGAIN && errno != EINTR) {
        client.closing = true;
        client.output.clear();
      }
    }
  };

  std::vector<pollfd> fds;
  while (!sockets.stopping.load()) {
    fds.clear();
    fds.push_back(pollfd{sockets.stop_signal.fd(), POLLIN, 0});
    fds.push_back(pollfd{sockets.udp.get(), POLLIN, 0});
    fds.push_back(pollfd{sockets.admin.get(), static_cast<short>(sockets.admin.get() >= 0 ? POLLIN : 0), 0});
    for (const auto& client : sockets.clients) {
      fds.push_back(
          pollfd{client.fd.get(), static_cast<short>(POLLIN | (client.output.empty() ? 0 : POLLOUT)), 0});
    }
    auto now = std::chrono::steady_clock::now();
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_flush - now).count();
    int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(0, wait) + 1));
    if (ready < 0 && errno != EINTR) {
      break;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      receive(16);
    }
    if ((fds[2].revents & POLLIN) != 0) {
      int accepted = ::accept4(sockets.admin.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (accepted >= 0) {
        if (sockets.clients.size() >= kMaxAdminClients) {
          ::close(accepted);
        } else {
          sockets.clients.push_back(AdminClient{Fd(accepted), {}, {}, false});
        }
      }
    }
    for (std::size_t i = 0; i + 3 < fds.size() && i < sockets.clients.size(); ++i) {
      if (fds[i + 3].revents != 0) {
        serve_client(sockets.clients[i], fds[i + 3].revents);
      }
    }
    std::erase_if(sockets.clients,
                  [](const AdminClient& client) { return client.closing && client.output.empty(); });
    if (std::chrono::steady_clock::now() >= next_flush) {
      do_flush();
      next_flush += options_.flush_interval;
      // After a long stall (suspended process) do not fire a burst of catch-up flushes.
      auto after = std::chrono::steady_clock::now();
      if (next_flush <= after) {
        next_flush = after + options_.flush_interval;
      }
    }
  }
  // The workers drain their sockets and exit on the same stop signal; their last datagrams go into the
  // last flush.
  for (auto& worker : sockets.workers) {
    if (worker->thread.joinable()) {
      worker->thread.join();
    }
  }
  receive(1 << 20);
  do_flush();
  sockets.clients.clear();
}

}  // namespace opsdeck::metrics
