#include "backend/sync/providers/host_parsers.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace opsdeck::sync {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) {
      break;
    }
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::vector<std::string_view> fields_of(std::string_view line, char separator = ' ') {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    if (separator == ' ' && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
      continue;
    }
    std::size_t end = separator == ' ' ? line.find_first_of(" \t", i) : line.find(separator, i);
    if (end == std::string_view::npos) {
      end = line.size();
    }
    fields.push_back(line.substr(i, end - i));
    i = end + (separator == ' ' ? 0 : 1);
    if (separator != ' ' && end == line.size()) {
      break;
    }
  }
  if (separator != ' ' && !line.empty() && line.back() == separator) {
    fields.emplace_back();
  }
  return fields;
}

template <typename T>
std::optional<T> number(std::string_view text, int base = 10) {
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

// The kernel prints each 32-bit word of the (network order) address as a native integer in hex.
std::optional<std::string> hex_address(std::string_view hex, bool ipv6) {
  const std::size_t words = ipv6 ? 4 : 1;
  if (hex.size() != words * 8) {
    return std::nullopt;
  }
  unsigned char bytes[16] = {};
  for (std::size_t w = 0; w < words; ++w) {
    auto word = number<std::uint32_t>(hex.substr(w * 8, 8), 16);
    if (!word) {
      return std::nullopt;
    }
    std::memcpy(bytes + w * 4, &*word, 4);
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(ipv6 ? AF_INET6 : AF_INET, bytes, text, sizeof text) == nullptr) {
    return std::nullopt;
  }
  return std::string(text);
}

std::string decode_octal(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      if (auto value = number<int>(text.substr(i + 1, 3), 8)) {
        out += static_cast<char>(*value);
        i += 3;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

std::vector<TcpSocket> parse_proc_net_tcp(std::string_view text, bool ipv6) {
  std::vector<TcpSocket> sockets;
  for (auto line : lines_of(text)) {
    auto fields = fields_of(line);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
    if (fields.size() < 10 || fields[0].back() != ':') {
      continue;
    }
    auto colon = fields[1].find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    auto address = hex_address(fields[1].substr(0, colon), ipv6);
    auto port = number<std::uint16_t>(fields[1].substr(colon + 1), 16);
    auto state = number<unsigned>(fields[3], 16);
    auto inode = number<std::uint64_t>(fields[9]);
    if (!address || !port || !state || !inode) {
      continue;
    }
    sockets.push_back(TcpSocket{*address, *port, *inode, *state == 0x0A, ipv6});
  }
  return sockets;
}

std::vector<UnixSocket> parse_proc_net_unix(std::string_view text) {
  std::vector<UnixSocket> sockets;
  for (auto line : lines_of(text)) {
    auto fields = fields_of(line);
    // Num RefCount Protocol Flags Type St Inode [Path]
    if (fields.size() < 7 || fields[0].back() != ':') {
      continue;
    }
    auto flags = number<std::uint32_t>(fields[3], 16);
    auto inode = number<std::uint64_t>(fields[6]);
    if (!flags || !inode) {
      continue;
    }
    UnixSocket socket;
    socket.inode = *inode;
    socket.listening = (*flags & 0x00010000U) != 0;
    if (fields.size() >= 8) {
      // A path may hold spaces: everything after the inode column.
      auto start =
          line.find(fields[7], static_cast<std::size_t>(fields[6].data() - line.data()) + fields[6].size());
      socket.path = std::string(line.substr(start));
    }
    sockets.push_back(std::move(socket));
  }
  return sockets;
}

std::vector<DebianPackage> parse_dpkg_status(std::string_view text) {
  std::vector<DebianPackage> packages;
  DebianPackage current;
  auto finish = [&] {
    const std::string_view suffix = " installed";
    if (!current.name.empty() && current.status.size() >= suffix.size() &&
        current.status.compare(current.status.size() - suffix.size(), suffix.size(), suffix) == 0) {
      packages.push_back(current);
    }
    current = DebianPackage{};
  };
  for (auto line : lines_of(text)) {
    if (line.empty()) {
      finish();
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      continue;  // continuation of a multi-line field (Description, Conffiles)
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    auto key = line.substr(0, colon);
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    if (key == "Package") {
      current.name = value;
    } else if (key == "Version") {
      current.version = value;
    } else if (key == "Architecture") {
      current.architecture = value;
    } else if (key == "Status") {
      current.status = value;
    }
  }
  finish();
  return packages;
}

std::vector<PasswdUser> parse_passwd(std::string_view text) {
  std::vector<PasswdUser> users;
  for (auto line : lines_of(text)) {
    if (line.empty() || line.front() == '#') {
      continue;
    }
    auto fields = fields_of(line, ':');
    if (fields.size() != 7) {
      continue;
    }
    auto uid = number<std::uint32_t>(fields[2]);
    auto gid = number<std::uint32_t>(fields[3]);
    if (fields[0].empty() || !uid || !gid) {
      continue;
    }
    users.push_back(PasswdUser{std::string(fields[0]), *uid, *gid, std::string(fields[4]),
                               std::string(fields[5]), std::string(fields[6])});
  }
  return users;
}

std::vector<MountEntry> parse_mounts(std::string_view text) {
  std::vector<MountEntry> mounts;
  for (auto line : lines_of(text)) {
    auto fields = fields_of(line);
    if (fields.size() < 4) {
      continue;
    }
    mounts.push_back(MountEntry{decode_octal(fields[0]), decode_octal(fields[1]), std::string(fields[2]),
                                std::string(fields[3])});
  }
  return mounts;
}

std::optional<ProcessStat> parse_proc_stat(std::string_view text) {
  auto open = text.find('(');
  auto close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::nullopt;
  }
  auto head = fields_of(text.substr(0, open));
  auto pid = head.size() == 1 ? number<int>(head[0]) : std::nullopt;
  auto rest = fields_of(text.substr(close + 1));
  if (!pid || rest.size() < 2 || rest[0].size() != 1) {
    return std::nullopt;
  }
  auto ppid = number<int>(rest[1]);
  if (!ppid) {
    return std::nullopt;
  }
  return ProcessStat{*pid, std::string(text.substr(open + 1, close - open - 1)), rest[0][0], *ppid};
}

std::optional<std::uint32_t> parse_status_uid(std::string_view text) {
  for (auto line : lines_of(text)) {
    if (line.starts_with("Uid:")) {
      auto fields = fields_of(line.substr(4));
      if (!fields.empty()) {
        return number<std::uint32_t>(fields[0]);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::uint64_t> parse_socket_link(std::string_view link) {
  constexpr std::string_view kPrefix = "socket:[";
  if (!link.starts_with(kPrefix) || !link.ends_with("]")) {
    return std::nullopt;
  }
  return number<std::uint64_t>(link.substr(kPrefix.size(), link.size() - kPrefix.size() - 1));
}

}  // namespace opsdeck::sync
