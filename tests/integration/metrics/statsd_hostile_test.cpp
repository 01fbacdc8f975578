// The hostile corpus (tests/fuzz/corpus/statsd_line/bad*.statsd), each file one datagram, sent to a running
// `opsdeck metrics serve`: every line is counted in bad_lines_seen (a datagram larger than the receive buffer
// as one), the server keeps answering `health`, a good line afterwards still lands in the flush, and the
// process exits cleanly on SIGTERM.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "backend/metrics/statsd_line_parser.hpp"
#include "tests/integration/metrics/statsd_peers.hpp"
#include "tests/support/source_tree.hpp"

namespace opsdeck {
namespace {

namespace peers = testing::statsd;

constexpr std::size_t kServerPacketBytes = 8192;  // StatsdServerOptions::max_packet_bytes

bool send_datagram(int fd, std::uint16_t port, std::string_view bytes) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return ::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&address),
                  sizeof address) == static_cast<ssize_t>(bytes.size());
}

TEST(StatsdHostile, CorpusIsCountedAsBadAndTheServerKeepsServing) {
  auto server = peers::start_opsdeck(3600);
  ASSERT_TRUE(server.process) << server.error;
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);

  std::uint64_t expected_bad = 0;
  std::size_t files = 0;
  auto corpus = opsdeck::testing::source_dir() / "tests" / "fuzz" / "corpus" / "statsd_line";
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (entry.path().filename().string().rfind("bad", 0) != 0) {
      continue;
    }
    std::ifstream file(entry.path(), std::ios::binary);
    std::string packet{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    std::uint64_t lines = 0;
    metrics::StatsdLineParser().parse_packet(
        packet, [&lines](std::string_view, const metrics::StatsdLineResult&) { ++lines; });
    expected_bad += packet.size() > kServerPacketBytes ? 1 : lines;
    ASSERT_TRUE(send_datagram(fd, server.udp_port, packet)) << entry.path();
    ++files;
    // One at a time, so a full socket buffer can never drop a datagram and skew the count.
    ASSERT_TRUE(peers::wait_for_lines(server, expected_bad)) << entry.path();
  }
  ASSERT_GE(files, 11u);
  // An empty datagram and one of only line breaks: packets, but no lines at all.
  ASSERT_TRUE(send_datagram(fd, server.udp_port, ""));
  ASSERT_TRUE(send_datagram(fd, server.udp_port, "\n\r\n\n"));
  ASSERT_TRUE(send_datagram(fd, server.udp_port, "hostile.after:1|c"));
  ASSERT_TRUE(peers::wait_for_lines(server, expected_bad + 1));
  ::close(fd);

  auto stats = peers::admin_command(server.admin_port, "stats");
  ASSERT_TRUE(stats);
  EXPECT_EQ(peers::admin_number(*stats, "messages.bad_lines_seen"), expected_bad) << *stats;
  EXPECT_EQ(peers::admin_number(*stats, "messages.metrics_received"), expected_bad + 1) << *stats;
  EXPECT_EQ(peers::admin_number(*stats, "messages.packets_received"), files + 3) << *stats;
  EXPECT_EQ(peers::admin_number(*stats, "messages.series"), 1u) << *stats;
  auto health = peers::admin_command(server.admin_port, "health", "\n");
  ASSERT_TRUE(health);
  EXPECT_EQ(*health, "health: up\n");

  auto flush = peers::stop_and_take_last_flush(server);
  ASSERT_TRUE(flush) << "no final flush";
  EXPECT_DOUBLE_EQ((*flush)["counters"]["hostile.after"]["value"].get<double>(), 1);
  EXPECT_EQ((*flush)["counters"].size(), 1u);
  EXPECT_EQ((*flush)["totals"]["bad_lines_seen"].get<std::uint64_t>(), expected_bad);
  EXPECT_FALSE((*flush)["recent_bad_lines"].empty());
}

}  // namespace
}  // namespace opsdeck
