// StatsdEmitter against a real UDP socket on loopback: names, batching under the packet size, flush, and
// dropping (never blocking) when nothing can take the packets.
#include "backend/metrics/statsd_emitter.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace opsdeck::metrics {
namespace {

class UdpReceiver {
 public:
  UdpReceiver() {
    fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~UdpReceiver() { close(fd_); }
  std::uint16_t port() const { return port_; }
  // Every datagram that arrives within the timeout after the first one.
  std::vector<std::string> receive(int first_timeout_ms = 2'000) {
    std::vector<std::string> packets;
    int timeout = first_timeout_ms;
    pollfd entry{fd_, POLLIN, 0};
    while (poll(&entry, 1, timeout) == 1) {
      char buffer[65'536];
      ssize_t size = recv(fd_, buffer, sizeof buffer, 0);
      if (size < 0) {
        break;
      }
      packets.emplace_back(buffer, static_cast<std::size_t>(size));
      timeout = 50;
    }
    return packets;
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

StatsdEmitterOptions options_for(std::uint16_t port) {
  StatsdEmitterOptions options;
  options.enabled = true;
  options.port = port;
  options.prefix = "opsdeck";
  options.flush_interval = std::chrono::milliseconds(20);
  return options;
}

TEST(StatsdEmitter, SendsPrefixedLinesOfEveryType) {
  UdpReceiver receiver;
  auto emitter = StatsdEmitter::create(options_for(receiver.port()));
  ASSERT_TRUE(emitter) << emitter.error().message;
  (*emitter)->count("sync.nodes", 42);
  (*emitter)->gauge("backup.bytes", 1.5);
  (*emitter)->gauge("lag", -3);
  (*emitter)->timing("sync.duration", std::chrono::milliseconds(250));
  (*emitter)->set("users", "alice");
  (*emitter)->flush();
  auto packets = receiver.receive();
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0],
            "opsdeck.sync.nodes:42|c\nopsdeck.backup.bytes:1.5|g\nopsdeck.lag:0|g\nopsdeck.lag:-3|g\n"
            "opsdeck.sync.duration:250|ms\nopsdeck.users:alice|s");
  EXPECT_EQ((*emitter)->counters().packets_sent, 1u);
}

TEST(StatsdEmitter, SanitizesNamesSoALineCannotBeForged) {
  EXPECT_EQ(StatsdEmitter::sanitize("a b:c|d@e#f\ng"), "a_b_c_d_e_f_g");
  EXPECT_EQ(StatsdEmitter::sanitize("sync.host.duration"), "sync.host.duration");
}

TEST(StatsdEmitter, BatchesUnderThePacketSize) {
  UdpReceiver receiver;
  auto options = options_for(receiver.port());
  options.max_packet_bytes = 100;
  options.flush_interval = std::chrono::seconds(60);
  auto emitter = StatsdEmitter::create(options);
  ASSERT_TRUE(emitter);
  for (int i = 0; i < 50; ++i) {
    (*emitter)->count("series." + std::to_string(i));
  }
  (*emitter)->flush();
  auto packets = receiver.receive();
  std::size_t lines = 0;
  for (const auto& packet : packets) {
    EXPECT_LE(packet.size(), 100u);
    lines += 1 + static_cast<std::size_t>(std::count(packet.begin(), packet.end(), '\n'));
  }
  EXPECT_EQ(lines, 50u);
  EXPECT_GT(packets.size(), 1u);
}

TEST(StatsdEmitter, FlushThreadSendsAPartlyFilledPacket) {
  UdpReceiver receiver;
  auto emitter = StatsdEmitter::create(options_for(receiver.port()));
  ASSERT_TRUE(emitter);
  (*emitter)->count("alone");
  auto packets = receiver.receive();  // no flush(): the thread sends it
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0], "opsdeck.alone:1|c");
}

TEST(StatsdEmitter, DisabledSendsNothingAndNeverFails) {
  auto emitter = StatsdEmitter::disabled();
  EXPECT_FALSE(emitter->enabled());
  emitter->count("x");
  emitter->flush();
  EXPECT_EQ(emitter->counters().lines, 0u);
}

TEST(StatsdEmitter, NothingListeningDropsLinesWithoutBlocking) {
  std::uint16_t port = 0;
  {
    UdpReceiver gone;
    port = gone.port();
  }
  auto emitter = StatsdEmitter::create(options_for(port));
  ASSERT_TRUE(emitter);
  for (int i = 0; i < 2'000; ++i) {
    (*emitter)->timing("t", std::chrono::milliseconds(i));
    if (i % 100 == 0) {
      (*emitter)->flush();
    }
  }
  (*emitter)->flush();
  auto counters = (*emitter)->counters();
  EXPECT_EQ(counters.lines, 2'000u);  // every call returned; some packets may be refused by ICMP
}

TEST(StatsdEmitter, UnresolvableHostNamesIt) {
  StatsdEmitterOptions options;
  options.enabled = true;
  options.host = "no-such-host.invalid";
  auto emitter = StatsdEmitter::create(options);
  ASSERT_FALSE(emitter);
  EXPECT_NE(emitter.error().message.find("no-such-host.invalid"), std::string::npos);
}

}  // namespace
}  // namespace opsdeck::metrics
