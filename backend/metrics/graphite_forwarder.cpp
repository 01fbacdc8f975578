// The forwarder's thread: take the oldest queued flush, make sure the connection is alive (a Graphite that
// closed it is noticed before writing, so a flush is not written into a dead socket and lost uncounted),
// write it whole, and on any failure keep it queued, close, and retry after a growing backoff.
#include "backend/metrics/graphite_forwarder.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "backend/metrics/graphite_lines.hpp"

namespace opsdeck::metrics {

core::Result<std::unique_ptr<GraphiteForwarder>> GraphiteForwarder::start(GraphiteForwarderOptions options) {
  auto address = parse_statsd_address(options.address);
  if (!address.ok()) {
    return core::fail(core::ErrorCategory::kInvalidInput, "graphite " + address.error().message);
  }
  if (address_port(address->storage) == 0) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "graphite address '" + options.address + "': port 0 cannot be connected to");
  }
  if (options.max_queued_flushes == 0) {
    options.max_queued_flushes = 1;
  }
  auto forwarder =
      std::unique_ptr<GraphiteForwarder>(new GraphiteForwarder(std::move(options), std::move(*address)));
  forwarder->thread_ = std::jthread([raw = forwarder.get()](std::stop_token stop) { raw->run(stop); });
  return forwarder;
}

GraphiteForwarder::GraphiteForwarder(GraphiteForwarderOptions options, StatsdAddress address)
    : options_(std::move(options)), target_(address) {
}

GraphiteForwarder::~GraphiteForwarder() {
  thread_.request_stop();
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  disconnect();
}

void GraphiteForwarder::submit(const StatsdFlush& flush) {
  std::string lines = graphite_lines(flush, options_.prefix);
  {
    std::lock_guard lock(mutex_);
    ++counters_.flushes_queued;
    if (queue_.size() >= options_.max_queued_flushes) {
      queue_.pop_front();
      ++counters_.flushes_dropped;
    }
    queue_.push_back(std::move(lines));
  }
  wake_.notify_all();
}

GraphiteForwarderCounters GraphiteForwarder::counters() const {
  std::lock_guard lock(mutex_);
  GraphiteForwarderCounters out = counters_;
  out.queued = queue_.size();
  return out;
}

bool GraphiteForwarder::connection_alive() const {
  if (socket_ < 0) {
    return false;
  }
  // Graphite never talks back: anything readable is its FIN (0) or an error (RST).
  char byte = 0;
  ssize_t got = ::recv(socket_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (got == 0) {
    return false;
  }
  return got > 0 || errno == EAGAIN || errno == EWOULDBLOCK;
}

bool GraphiteForwarder::connect_once() {
  int fd = ::socket(target_.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    std::lock_guard lock(mutex_);
    counters_.last_error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&target_.storage), target_.length);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd waiting{fd, POLLOUT, 0};
    rc = ::poll(&waiting, 1, static_cast<int>(options_.io_timeout.count())) == 1 ? 0 : -1;
    int error = rc == 0 ? 0 : ETIMEDOUT;
    socklen_t length = sizeof error;
    if (rc == 0 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
      error = errno;
    }
    errno = error;
    rc = error == 0 ? 0 : -1;
  }
  if (rc != 0) {
    std::string message = "connect to " + options_.address + ": " + std::strerror(errno);
    ::close(fd);
    std::lock_guard lock(mutex_);
    ++counters_.connect_failures;
    counters_.last_error = std::move(message);
    return false;
  }
  socket_ = fd;
  std::lock_guard lock(mutex_);
  ++counters_.connects;
  counters_.connected = true;
  return true;
}

bool GraphiteForwarder::write_all(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t sent = ::send(socket_, text.data() + done, text.size() - done, MSG_NOSIGNAL);
    if (sent > 0) {
      done += static_cast<std::size_t>(sent);
      continue;
    }
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd waiting{socket_, POLLOUT, 0};
      if (::poll(&waiting, 1, static_cast<int>(options_.io_timeout.count())) == 1) {
        continue;
      }
      errno = ETIMEDOUT;
    }
    std::lock_guard lock(mutex_);
    counters_.last_error = "write to " + options_.address + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

void GraphiteForwarder::disconnect() {
  if (socket_ >= 0) {
    ::close(socket_);
    socket_ = -1;
  }
  std::lock_guard lock(mutex_);
  counters_.connected = false;
}

void GraphiteForwarder::run(std::stop_token stop) {
  auto backoff = options_.min_backoff;
  while (!stop.stop_requested()) {
    std::string next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [this] { return !queue_.empty(); });
      if (stop.stop_requested()) {
        return;
      }
      // In flight: out of the queue while it is written, so a submit() meanwhile cannot drop it.
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    if (!connection_alive()) {
      disconnect();
    }
    bool written = (socket_ >= 0 || connect_once()) && write_all(next);
    if (written) {
      std::lock_guard lock(mutex_);
      ++counters_.flushes_sent;
      backoff = options_.min_backoff;
      continue;
    }
    {
      // Back to the front for the next attempt, unless newer flushes filled the queue meanwhile: then it is
      // the oldest, and the one dropped.
      std::lock_guard lock(mutex_);
      if (queue_.size() >= options_.max_queued_flushes) {
        ++counters_.flushes_dropped;
      } else {
        queue_.push_front(std::move(next));
      }
    }
    disconnect();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, backoff, [] { return false; });
    backoff = std::min(options_.max_backoff, backoff * 2);
  }
}

}  // namespace opsdeck::metrics
