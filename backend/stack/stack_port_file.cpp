// The remembered port file and the free-port search behind `stack up --tls` with no port configured.
#include "backend/stack/stack_port_file.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

namespace opsdeck::stack {

namespace fs = std::filesystem;

std::optional<unsigned> read_port_file(const fs::path& file) {
  std::ifstream stream(file);
  std::string text;
  if (!stream || !std::getline(stream, text)) {
    return std::nullopt;
  }
  unsigned port = 0;
  const auto [end, parse_error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (parse_error != std::errc() || end != text.data() + text.size() || port == 0 || port > 65535) {
    return std::nullopt;
  }
  return port;
}

core::Status write_port_file(const fs::path& file, unsigned port) {
  const auto temporary = fs::path(file.string() + ".tmp");
  {
    std::ofstream stream(temporary, std::ios::trunc);
    stream << port << '\n';
    if (!stream.flush()) {
      return core::fail(core::ErrorCategory::kIo, "cannot write " + temporary.string());
    }
  }
  std::error_code error;
  fs::rename(temporary, file, error);
  if (error) {
    return core::fail(core::ErrorCategory::kIo, "cannot write " + file.string() + ": " + error.message());
  }
  return {};
}

core::Result<unsigned> free_loopback_port() {
  struct Socket {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ~Socket() {
      if (fd >= 0) {
        ::close(fd);
      }
    }
  } listener;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (listener.fd < 0 || ::bind(listener.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return core::fail(core::ErrorCategory::kIo,
                      std::string("cannot find a free TCP port on 127.0.0.1: ") + std::strerror(errno));
  }
  return static_cast<unsigned>(ntohs(address.sin_port));
}

}  // namespace opsdeck::stack
