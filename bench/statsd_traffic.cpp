// statsd_traffic: the statsd load generator of bench/statsd_vs_etsy.sh. Multi-metric packets (about 20 lines
// each) over a fixed set of series of mixed types (counters, timers, gauges, sets in turn), sent with
// sendmmsg in batches, at a target offered rate of lines per second or as fast as one core can.
//
//   statsd_traffic --port P [--host 127.0.0.1] [--series 1000] [--lines-per-packet 20] [--rate LINES/S]
//                  [--duration S] [--lines N] [--prefix bench] [--sockets 1]
// --rate 0 (default) sends flat out. --lines stops after N lines (rounded up to whole packets) instead of
// after --duration. --sockets N sends from N sockets (N source ports, as N clients would), one sendmmsg
// batch from each in turn, so a server with SO_REUSEPORT receive threads gets the flows spread. Prints one
// JSON object: lines and packets sent, seconds, achieved lines/s.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::size_t series = 1000;
  std::size_t lines_per_packet = 20;
  double rate = 0;  // lines per second; 0 = flat out
  double duration = 10;
  std::uint64_t lines = 0;  // 0 = stop after duration
  std::string prefix = "bench";
  std::size_t sockets = 1;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "statsd_traffic: %s\n(see the header of bench/statsd_traffic.cpp)\n", why);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) {
      usage("every flag takes a value");
    }
    const char* value = argv[++i];
    if (flag == "--host") {
      options.host = value;
    } else if (flag == "--port") {
      options.port = std::atoi(value);
    } else if (flag == "--series") {
      options.series = std::strtoull(value, nullptr, 10);
    } else if (flag == "--lines-per-packet") {
      options.lines_per_packet = std::strtoull(value, nullptr, 10);
    } else if (flag == "--rate") {
      options.rate = std::atof(value);
    } else if (flag == "--duration") {
      options.duration = std::atof(value);
    } else if (flag == "--lines") {
      options.lines = std::strtoull(value, nullptr, 10);
    } else if (flag == "--sockets") {
      options.sockets = std::strtoull(value, nullptr, 10);
    } else if (flag == "--prefix") {
      options.prefix = value;
    } else {
      usage("unknown flag");
    }
  }
  if (options.port <= 0 || options.port > 65535 || options.series == 0 || options.lines_per_packet == 0 ||
      options.sockets == 0 || options.sockets > 1024 || options.rate < 0 || !(options.duration > 0)) {
    usage("--port is required; --series, --lines-per-packet and --duration must be positive");
  }
  return options;
}

// Line k of the stream: series k % N, type by series (counter, timer, gauge, set in turn); values vary
// with the pass over the series so timers and sets have real work to do.
std::string line_for(const Options& options, std::uint64_t k) {
  std::size_t series = k % options.series;
  std::uint64_t pass = k / options.series;
  std::string name = options.prefix + "." + std::to_string(series);
  switch (series % 4) {
    case 0:
      return name + ".count:1|c";
    case 1:
      return name + ".time:" + std::to_string(1 + (pass * 7 + series) % 250) + "|ms";
    case 2:
      return name + ".gauge:" + std::to_string((pass + series) % 100) + "|g";
    default:
      return name + ".users:u" + std::to_string((pass * 13 + series) % 64) + "|s";
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(options.port));
  if (::inet_pton(AF_INET, options.host.c_str(), &address.sin_addr) != 1) {
    usage("--host: expected an IPv4 address");
  }
  std::vector<int> fds;
  for (std::size_t i = 0; i < options.sockets; ++i) {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int send_buffer = 8 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      std::perror("statsd_traffic: socket");
      return 1;
    }
    fds.push_back(fd);
  }
  std::uint64_t calls = 0;

  // Every series at least once and at least four passes (so values vary), built up front.
  std::vector<std::string> packets;
  std::uint64_t pool_lines = std::max<std::uint64_t>(options.series * 4, options.lines_per_packet * 256);
  pool_lines += options.lines_per_packet - pool_lines % options.lines_per_packet;
  std::string packet;
  for (std::uint64_t k = 0; k < pool_lines; ++k) {
    packet += line_for(options, k);
    if ((k + 1) % options.lines_per_packet == 0) {
      packets.push_back(packet);
      packet.clear();
    } else {
      packet += '\n';
    }
  }

  constexpr std::size_t kBatch = 32;  // packets per sendmmsg
  std::vector<iovec> iovecs(kBatch);
  std::vector<mmsghdr> messages(kBatch);
  std::uint64_t packets_sent = 0;
  std::uint64_t lines_sent = 0;
  std::uint64_t send_errors = 0;
  std::size_t next = 0;
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(options.duration));
  while (true) {
    auto now = std::chrono::steady_clock::now();
    if (options.lines != 0 ? lines_sent >= options.lines : now >= deadline) {
      break;
    }
    if (options.rate > 0) {
      // Pace: the lines sent so far may not run ahead of rate x elapsed.
      auto due = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(static_cast<double>(lines_sent) / options.rate));
      if (due > now) {
        std::this_thread::sleep_until(due);
      }
    }
    std::size_t batch = kBatch;
    if (options.rate > 0) {
      // Small batches at low rates keep the stream smooth (about 1 ms of traffic per call at most).
      batch = std::clamp<std::size_t>(
          static_cast<std::size_t>(options.rate / 1000 / static_cast<double>(options.lines_per_packet)), 1,
          kBatch);
    }
    for (std::size_t i = 0; i < batch; ++i) {
      const std::string& data = packets[(next + i) % packets.size()];
      iovecs[i] = iovec{const_cast<char*>(data.data()), data.size()};
      messages[i] = mmsghdr{};
      messages[i].msg_hdr.msg_iov = &iovecs[i];
      messages[i].msg_hdr.msg_iovlen = 1;
    }
    int fd = fds[calls++ % fds.size()];
    int sent = ::sendmmsg(fd, messages.data(), static_cast<unsigned>(batch), 0);
    if (sent <= 0) {
      ++send_errors;
      continue;
    }
    next = (next + static_cast<std::size_t>(sent)) % packets.size();
    packets_sent += static_cast<std::uint64_t>(sent);
    lines_sent += static_cast<std::uint64_t>(sent) * options.lines_per_packet;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "{\"lines_sent\": %llu, \"packets_sent\": %llu, \"seconds\": %.3f, \"lines_per_second\": %.0f, "
      "\"send_errors\": %llu}\n",
      static_cast<unsigned long long>(lines_sent), static_cast<unsigned long long>(packets_sent), seconds,
      static_cast<double>(lines_sent) / seconds, static_cast<unsigned long long>(send_errors));
  for (int fd : fds) {
    ::close(fd);
  }
  return 0;
}
