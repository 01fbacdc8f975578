// The socket side of the statsd server. Single-threaded by design: the aggregator needs no lock, and a
// recvmmsg batch of 64 keeps system calls per datagram low enough that one core outruns etsy statsd.
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
#include <utility>
#include <vector>

#include "backend/core/wakeup_fd.hpp"
#include "backend/metrics/statsd_address.hpp"
#include "backend/metrics/statsd_admin.hpp"

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

core::Result<Fd> open_socket(const StatsdAddress& address, int type, const std::string& text) {
  Fd fd(::socket(address.family(), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    return socket_error("cannot create a socket for", text);
  }
  int yes = 1;
  if (type == SOCK_STREAM) {
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
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

struct AdminClient {
  Fd fd;
  std::string input;
  std::string output;
  bool closing = false;
};

}  // namespace

struct StatsdServer::Sockets {
  Fd udp;
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
  auto udp = open_socket(*listen, SOCK_DGRAM, server->options_.listen);
  if (!udp) {
    return core::Unexpected{udp.error()};
  }
  server->sockets_->udp = std::move(*udp);
  int buffer = server->options_.receive_buffer_bytes;
  if (buffer > 0 &&
      ::setsockopt(server->sockets_->udp.get(), SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer) != 0) {
    ::setsockopt(server->sockets_->udp.get(), SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  }
  sockaddr_storage udp_bound = bound_address(server->sockets_->udp.get());
  server->udp_port_ = address_port(udp_bound);
  server->udp_address_ = describe_address(udp_bound);
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
  server->thread_ = std::thread([raw = server.get()] { raw->run(); });
  return server;
}

StatsdServer::~StatsdServer() {
  stop();
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
  const std::size_t batch = options_.receive_batch;
  const std::size_t packet_bytes = options_.max_packet_bytes;
  std::vector<char> buffers(batch * packet_bytes);
  std::vector<iovec> iovecs(batch);
  std::vector<mmsghdr> messages(batch);
  auto started = std::chrono::steady_clock::now();
  StatsdAdmin admin(aggregator_, started);
  auto next_flush = started + options_.flush_interval;

  auto do_flush = [this] {
    auto flushed = aggregator_.flush(std::chrono::system_clock::now());
    if (on_flush_) {
      on_flush_(*flushed);
    }
    // Each flush frees the previous snapshots (with many series, tens of MB of small blocks): hand the free
    // pages back to the kernel so RSS tracks what is live rather than the allocator's high-water mark.
    ::malloc_trim(0);
  };

  auto receive = [&] {
    // Drain what is queued, but hand control back to poll() after a few batches so flushes stay on time.
    for (int round = 0; round < 16; ++round) {
      for (std::size_t i = 0; i < batch; ++i) {
        iovecs[i] = iovec{buffers.data() + i * packet_bytes, packet_bytes};
        messages[i] = mmsghdr{};
        messages[i].msg_hdr.msg_iov = &iovecs[i];
        messages[i].msg_hdr.msg_iovlen = 1;
      }
      int received =
          ::recvmmsg(sockets.udp.get(), messages.data(), static_cast<unsigned>(batch), MSG_DONTWAIT, nullptr);
      if (received <= 0) {
        return;
      }
      for (int i = 0; i < received; ++i) {
        if ((messages[i].msg_hdr.msg_flags & MSG_TRUNC) != 0) {
          aggregator_.add_truncated_packet(packet_bytes);
          continue;
        }
        aggregator_.add_packet(std::string_view(buffers.data() + static_cast<std::size_t>(i) * packet_bytes,
                                                messages[i].msg_len));
      }
      admin.saw_message(std::chrono::steady_clock::now());
      if (static_cast<std::size_t>(received) < batch) {
        return;
      }
    }
  };

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
      receive();
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
  receive();
  do_flush();
  sockets.clients.clear();
}

}  // namespace opsdeck::metrics
