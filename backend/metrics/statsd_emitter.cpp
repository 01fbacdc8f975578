#include "backend/metrics/statsd_emitter.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "backend/metrics/statsd_address.hpp"

namespace opsdeck::metrics {
namespace {

core::Result<StatsdAddress> resolve(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  std::string bare = host;
  if (bare.size() >= 2 && bare.front() == '[' && bare.back() == ']') {
    bare = bare.substr(1, bare.size() - 2);
  }
  int rc = getaddrinfo(bare.c_str(), service.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "statsd host '" + host + "': cannot be resolved (" + gai_strerror(rc) + ")");
  }
  StatsdAddress address;
  std::memcpy(&address.storage, found->ai_addr, found->ai_addrlen);
  address.length = static_cast<socklen_t>(found->ai_addrlen);
  freeaddrinfo(found);
  return address;
}

// Shortest text that reads back as the same double ("1", "0.25", "1e+300").
std::string number(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc{} ? std::string(buffer, end) : std::string("0");
}

}  // namespace

core::Result<std::shared_ptr<StatsdEmitter>> StatsdEmitter::create(StatsdEmitterOptions options) {
  std::shared_ptr<StatsdEmitter> emitter(new StatsdEmitter());
  emitter->options_ = std::move(options);
  if (!emitter->options_.enabled) {
    return emitter;
  }
  if (emitter->options_.port == 0) {
    return core::fail(core::ErrorCategory::kInvalidInput, "statsd port: expected 1-65535, got 0");
  }
  auto address = resolve(emitter->options_.host, emitter->options_.port);
  if (!address) {
    return core::Unexpected{address.error()};
  }
  int fd = socket(address->family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect(fd, reinterpret_cast<const sockaddr*>(&address->storage), address->length) != 0) {
    std::string reason = std::strerror(errno);
    if (fd >= 0) {
      close(fd);
    }
    return core::fail(core::ErrorCategory::kIo, "statsd " + describe_address(address->storage) +
                                                    ": cannot open a UDP socket: " + reason);
  }
  emitter->socket_ = fd;
  emitter->destination_ = describe_address(address->storage);
  emitter->packet_.reserve(emitter->options_.max_packet_bytes);
  emitter->thread_ = std::jthread([raw = emitter.get()](std::stop_token stop) { raw->run(stop); });
  return emitter;
}

std::shared_ptr<StatsdEmitter> StatsdEmitter::disabled() {
  return std::shared_ptr<StatsdEmitter>(new StatsdEmitter());
}

StatsdEmitter::~StatsdEmitter() {
  if (thread_.joinable()) {
    thread_.request_stop();
    wake_.notify_all();
    thread_.join();
  }
  if (socket_ >= 0) {
    std::lock_guard lock(mutex_);
    send_locked();
    close(socket_);
  }
}

std::string StatsdEmitter::sanitize(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    auto byte = static_cast<unsigned char>(c);
    if (c == ':' || c == '|' || c == '@' || c == '#' || byte <= ' ' || byte == 0x7f) {
      c = '_';
    }
  }
  return out;
}

void StatsdEmitter::count(std::string_view name, double value) {
  add_line(name, number(value), "c");
}

void StatsdEmitter::gauge(std::string_view name, double value) {
  // A negative absolute gauge must not read as a delta: etsy's protocol needs "0" first.
  if (value < 0) {
    add_line(name, "0", "g");
  }
  add_line(name, number(value), "g");
}

void StatsdEmitter::timing(std::string_view name, std::chrono::duration<double, std::milli> elapsed) {
  add_line(name, number(elapsed.count()), "ms");
}

void StatsdEmitter::set(std::string_view name, std::string_view member) {
  add_line(name, sanitize(member), "s");
}

void StatsdEmitter::add_line(std::string_view name, std::string_view value, std::string_view type) {
  if (socket_ < 0) {
    return;
  }
  std::string line;
  if (!options_.prefix.empty()) {
    line = sanitize(options_.prefix) + ".";
  }
  line += sanitize(name);
  line += ':';
  line += value;
  line += '|';
  line += type;
  std::lock_guard lock(mutex_);
  if (line.size() > options_.max_packet_bytes) {
    ++counters_.lines_dropped;
    return;
  }
  if (!packet_.empty() && packet_.size() + 1 + line.size() > options_.max_packet_bytes) {
    send_locked();
  }
  if (!packet_.empty()) {
    packet_ += '\n';
  }
  packet_ += line;
  ++packet_lines_;
  ++counters_.lines;
}

void StatsdEmitter::send_locked() {
  if (packet_.empty()) {
    return;
  }
  ssize_t sent = send(socket_, packet_.data(), packet_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  if (sent == static_cast<ssize_t>(packet_.size())) {
    ++counters_.packets_sent;
  } else {
    counters_.lines_dropped += packet_lines_;  // EAGAIN, ECONNREFUSED from an earlier ICMP, ...
  }
  packet_.clear();
  packet_lines_ = 0;
}

void StatsdEmitter::flush() {
  if (socket_ < 0) {
    return;
  }
  std::lock_guard lock(mutex_);
  send_locked();
}

StatsdEmitterCounters StatsdEmitter::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

void StatsdEmitter::run(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    wake_.wait_for(lock, stop, options_.flush_interval, [] { return false; });
    send_locked();
  }
}

}  // namespace opsdeck::metrics
