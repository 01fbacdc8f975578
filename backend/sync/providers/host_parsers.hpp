// Socket-free parsers for the host provider's sources: /proc/net/tcp{,6}, /proc/net/unix,
// /var/lib/dpkg/status, /etc/passwd, /proc/mounts, /proc/<pid>/stat and the "socket:[inode]" links in
// /proc/<pid>/fd. Text in, values out; the unit tests feed them text captured from real machines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::sync {

struct TcpSocket {
  std::string address;  // "127.0.0.1", "::", "::1"
  std::uint16_t port = 0;
  std::uint64_t inode = 0;
  bool listening = false;  // state 0A
  bool ipv6 = false;
};
// One file's rows (the header line is skipped); malformed lines are skipped too.
std::vector<TcpSocket> parse_proc_net_tcp(std::string_view text, bool ipv6);

struct UnixSocket {
  std::string path;  // empty for unnamed; "@name" for abstract
  std::uint64_t inode = 0;
  bool listening = false;  // __SO_ACCEPTCON
};
std::vector<UnixSocket> parse_proc_net_unix(std::string_view text);

struct DebianPackage {
  std::string name;
  std::string version;
  std::string architecture;
  std::string status;  // "install ok installed"
};
// Packages whose status ends in "installed" (not half-installed, config-files, not-installed).
std::vector<DebianPackage> parse_dpkg_status(std::string_view text);

struct PasswdUser {
  std::string name;
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::string gecos;
  std::string home;
  std::string shell;
};
std::vector<PasswdUser> parse_passwd(std::string_view text);

struct MountEntry {
  std::string device;
  std::string mount_point;  // octal escapes (\040) decoded
  std::string fs_type;
  std::string options;
};
std::vector<MountEntry> parse_mounts(std::string_view text);

struct ProcessStat {
  int pid = 0;
  std::string comm;  // may hold spaces and parentheses
  char state = '?';
  int ppid = 0;
};
std::optional<ProcessStat> parse_proc_stat(std::string_view text);
// The real uid from /proc/<pid>/status ("Uid:\t1000\t1000\t1000\t1000").
std::optional<std::uint32_t> parse_status_uid(std::string_view text);
// "socket:[12345]" -> 12345.
std::optional<std::uint64_t> parse_socket_link(std::string_view link);

}  // namespace opsdeck::sync
