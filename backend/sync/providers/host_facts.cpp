#include "backend/sync/providers/host_facts.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <system_error>

namespace opsdeck::sync {
namespace {

std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string os_pretty_name(const HostPaths& paths) {
  auto text = read_text(paths.etc_root / "os-release");
  if (!text) {
    return {};
  }
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("PRETTY_NAME=")) {
      std::string value = line.substr(12);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
  }
  return {};
}

std::optional<ProcessFacts> read_process(const std::filesystem::path& dir) {
  auto stat_text = read_text(dir / "stat");
  if (!stat_text) {
    return std::nullopt;
  }
  auto stat = parse_proc_stat(*stat_text);
  if (!stat) {
    return std::nullopt;
  }
  ProcessFacts process;
  process.stat = *stat;
  if (auto status = read_text(dir / "status")) {
    process.uid = parse_status_uid(*status);
  }
  if (auto cmdline = read_text(dir / "cmdline")) {
    for (char& c : *cmdline) {
      c = c == '\0' ? ' ' : c;
    }
    while (!cmdline->empty() && cmdline->back() == ' ') {
      cmdline->pop_back();
    }
    process.cmdline = cmdline->substr(0, 512);
  }
  std::error_code error;
  for (std::filesystem::directory_iterator fd(dir / "fd", error), end; !error && fd != end;
       fd.increment(error)) {
    std::error_code link_error;
    auto target = std::filesystem::read_symlink(fd->path(), link_error);
    if (!link_error) {
      if (auto inode = parse_socket_link(target.string())) {
        process.socket_inodes.push_back(*inode);
      }
    }
  }
  return process;
}

std::vector<InterfaceFacts> read_interfaces() {
  std::vector<InterfaceFacts> interfaces;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    return interfaces;
  }
  for (ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
    InterfaceFacts* facts = nullptr;
    for (auto& existing : interfaces) {
      if (existing.name == entry->ifa_name) {
        facts = &existing;
      }
    }
    if (facts == nullptr) {
      interfaces.push_back(InterfaceFacts{
          entry->ifa_name, {}, (entry->ifa_flags & IFF_UP) != 0, (entry->ifa_flags & IFF_LOOPBACK) != 0});
      facts = &interfaces.back();
    }
    if (entry->ifa_addr == nullptr || entry->ifa_netmask == nullptr) {
      continue;
    }
    const int family = entry->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) {
      continue;
    }
    char text[INET6_ADDRSTRLEN] = {};
    const void* address =
        family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(entry->ifa_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(entry->ifa_addr)->sin6_addr);
    const auto* mask = family == AF_INET
                           ? reinterpret_cast<const unsigned char*>(
                                 &reinterpret_cast<sockaddr_in*>(entry->ifa_netmask)->sin_addr)
                           : reinterpret_cast<const unsigned char*>(
                                 &reinterpret_cast<sockaddr_in6*>(entry->ifa_netmask)->sin6_addr);
    int prefix = 0;
    for (int i = 0; i < (family == AF_INET ? 4 : 16); ++i) {
      prefix += __builtin_popcount(mask[i]);
    }
    if (inet_ntop(family, address, text, sizeof text) != nullptr) {
      facts->addresses.push_back(std::string(text) + "/" + std::to_string(prefix));
    }
  }
  freeifaddrs(list);
  return interfaces;
}

}  // namespace

core::Result<HostFacts> collect_host_facts(const HostPaths& paths) {
  HostFacts facts;
  utsname name{};
  if (uname(&name) == 0) {
    facts.hostname = name.nodename;
    facts.kernel = std::string(name.sysname) + " " + name.release;
    facts.machine = name.machine;
  }
  if (facts.hostname.empty()) {
    facts.hostname = "localhost";
  }
  facts.os = os_pretty_name(paths);
  auto passwd = read_text(paths.etc_root / "passwd");
  if (!passwd) {
    return core::fail(core::ErrorCategory::kIo, "cannot read " + (paths.etc_root / "passwd").string());
  }
  facts.users = parse_passwd(*passwd);

  std::error_code error;
  std::filesystem::directory_iterator proc(paths.proc_root, error);
  if (error) {
    return core::fail(core::ErrorCategory::kIo,
                      "cannot list " + paths.proc_root.string() + ": " + error.message());
  }
  for (std::filesystem::directory_iterator end; proc != end; proc.increment(error)) {
    if (error) {
      break;
    }
    const auto file_name = proc->path().filename().string();
    if (file_name.empty() || file_name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    if (auto process = read_process(proc->path())) {
      facts.processes.push_back(std::move(*process));
    }
  }
  for (const auto& [file, ipv6] : {std::pair{"tcp", false}, std::pair{"tcp6", true}}) {
    if (auto text = read_text(paths.proc_root / "net" / file)) {
      for (auto& socket : parse_proc_net_tcp(*text, ipv6)) {
        if (socket.listening) {
          facts.tcp.push_back(std::move(socket));
        }
      }
    }
  }
  if (auto text = read_text(paths.proc_root / "net" / "unix")) {
    for (auto& socket : parse_proc_net_unix(*text)) {
      if (socket.listening && !socket.path.empty()) {
        facts.unix_sockets.push_back(std::move(socket));
      }
    }
  }
  if (auto text = read_text(paths.dpkg_status)) {
    facts.packages = parse_dpkg_status(*text);
  }
  if (auto text = read_text(paths.proc_root / "mounts")) {
    facts.mounts = parse_mounts(*text);
  }
  facts.interfaces = read_interfaces();
  return facts;
}

}  // namespace opsdeck::sync
