// HostFacts: what the host provider reads from this machine (uname, /etc, /proc, dpkg, getifaddrs), kept
// apart from turning it into graph rows so that the mapping is testable on its own.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/sync/providers/host_parsers.hpp"

namespace opsdeck::sync {

struct ProcessFacts {
  ProcessStat stat;
  std::optional<std::uint32_t> uid;
  std::string cmdline;                       // arguments joined by spaces, at most 512 bytes
  std::vector<std::uint64_t> socket_inodes;  // from /proc/<pid>/fd (only processes we may look into)
};

struct InterfaceFacts {
  std::string name;
  std::vector<std::string> addresses;  // "192.0.2.1/24"
  bool up = false;
  bool loopback = false;
};

struct HostFacts {
  std::string hostname;
  std::string kernel;   // uname -sr
  std::string machine;  // uname -m
  std::string os;       // PRETTY_NAME from os-release
  std::vector<PasswdUser> users;
  std::vector<ProcessFacts> processes;
  std::vector<TcpSocket> tcp;
  std::vector<UnixSocket> unix_sockets;  // listening ones only
  std::vector<DebianPackage> packages;
  std::vector<MountEntry> mounts;
  std::vector<InterfaceFacts> interfaces;
};

struct HostPaths {
  std::filesystem::path proc_root = "/proc";
  std::filesystem::path etc_root = "/etc";
  std::filesystem::path dpkg_status = "/var/lib/dpkg/status";
};

// Fails only when the essentials cannot be read (/proc, passwd); a process that exits while being read
// is skipped, a missing dpkg status file means no packages.
core::Result<HostFacts> collect_host_facts(const HostPaths& paths);

}  // namespace opsdeck::sync
