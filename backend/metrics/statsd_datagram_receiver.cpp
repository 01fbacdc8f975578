#include "backend/metrics/statsd_datagram_receiver.hpp"

namespace opsdeck::metrics {

DatagramReceiver::DatagramReceiver(std::size_t batch, std::size_t packet_bytes)
    : batch_(batch),
      packet_bytes_(packet_bytes),
      buffers_(batch * packet_bytes),
      iovecs_(batch),
      messages_(batch) {
}

int DatagramReceiver::receive(int fd) {
  for (std::size_t i = 0; i < batch_; ++i) {
    iovecs_[i] = iovec{buffers_.data() + i * packet_bytes_, packet_bytes_};
    messages_[i] = mmsghdr{};
    messages_[i].msg_hdr.msg_iov = &iovecs_[i];
    messages_[i].msg_hdr.msg_iovlen = 1;
  }
  return ::recvmmsg(fd, messages_.data(), static_cast<unsigned>(batch_), MSG_DONTWAIT, nullptr);
}

std::string_view DatagramReceiver::packet(int i) const {
  auto index = static_cast<std::size_t>(i);
  return {buffers_.data() + index * packet_bytes_, messages_[index].msg_len};
}

bool DatagramReceiver::truncated(int i) const {
  return (messages_[static_cast<std::size_t>(i)].msg_hdr.msg_flags & MSG_TRUNC) != 0;
}

}  // namespace opsdeck::metrics
