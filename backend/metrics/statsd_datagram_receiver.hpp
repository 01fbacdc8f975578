// DatagramReceiver: the buffers of one statsd receive thread and the recvmmsg loop over them. Drains what a
// UDP socket has queued, a batch of datagrams per system call, handing each datagram (or the news that one
// was cut off by the buffer) to a callback, and stops after a bounded number of batches so its thread gets
// back to poll() (flushes and admin replies stay on time).
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <string_view>
#include <vector>

namespace opsdeck::metrics {

class DatagramReceiver {
 public:
  DatagramReceiver(std::size_t batch, std::size_t packet_bytes);

  // on_batch(const DatagramReceiver&, int count) is called after each non-empty recvmmsg, with packet(i)
  // and truncated(i) valid for i < count. Returns the datagrams received.
  template <typename OnBatch>
  std::size_t drain(int fd, OnBatch&& on_batch, int max_batches = 16) {
    std::size_t total = 0;
    for (int round = 0; round < max_batches; ++round) {
      int received = receive(fd);
      if (received <= 0) {
        break;
      }
      on_batch(*this, received);
      total += static_cast<std::size_t>(received);
      if (static_cast<std::size_t>(received) < batch_) {
        break;
      }
    }
    return total;
  }

  std::string_view packet(int i) const;
  bool truncated(int i) const;
  std::size_t packet_bytes() const { return packet_bytes_; }

 private:
  int receive(int fd);

  std::size_t batch_;
  std::size_t packet_bytes_;
  std::vector<char> buffers_;
  std::vector<iovec> iovecs_;
  std::vector<mmsghdr> messages_;
};

}  // namespace opsdeck::metrics
