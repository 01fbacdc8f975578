// The host provider's parsers on text captured from real Debian machines (the /proc/net lines of this
// build machine and of a host running mariadbd and redis-server, a slice of /var/lib/dpkg/status).
#include "backend/sync/providers/host_parsers.hpp"

#include <gtest/gtest.h>

namespace opsdeck::sync {
namespace {

constexpr std::string_view kProcNetTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1678 1 "
    "00000000f5869b2b 100 0 0 10 0\n"
    "   1: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 25916 1 "
    "0000000000000000 100 0 0 10 0\n"
    "   2: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   110        0 24870 1 "
    "0000000000000000 100 0 0 10 0\n"
    "   3: 0F02000A:0016 0202000A:C5B8 01 00000000:00000000 02:0009AD6E 00000000     0        0 31251 4 "
    "0000000000000000 20 4 31 10 -1\n"
    "garbage line\n";

constexpr std::string_view kProcNetTcp6 =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue "
    "tr "
    "tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000     0        0 19345 1 0000000000000000 100 0 0 10 0\n"
    "   1: 00000000000000000000000001000000:18EB 00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000   110        0 24871 1 0000000000000000 100 0 0 10 0\n";

TEST(HostParsersTest, ProcNetTcpListenersWithAddressPortAndInode) {
  auto sockets = parse_proc_net_tcp(kProcNetTcp, false);
  ASSERT_EQ(sockets.size(), 4u);
  EXPECT_EQ(sockets[0].address, "0.0.0.0");
  EXPECT_EQ(sockets[0].port, 2024);
  EXPECT_EQ(sockets[0].inode, 1678u);
  EXPECT_TRUE(sockets[0].listening);
  EXPECT_EQ(sockets[1].address, "127.0.0.1");
  EXPECT_EQ(sockets[1].port, 3306);
  EXPECT_EQ(sockets[1].inode, 25916u);
  EXPECT_EQ(sockets[2].port, 6379);
  EXPECT_EQ(sockets[3].address, "10.0.2.15");
  EXPECT_EQ(sockets[3].port, 22);
  EXPECT_FALSE(sockets[3].listening);  // ESTABLISHED
}

TEST(HostParsersTest, ProcNetTcp6Addresses) {
  auto sockets = parse_proc_net_tcp(kProcNetTcp6, true);
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(sockets[0].address, "::");
  EXPECT_EQ(sockets[0].port, 22);
  EXPECT_TRUE(sockets[0].ipv6);
  EXPECT_EQ(sockets[1].address, "::1");
  EXPECT_EQ(sockets[1].port, 6379);
  EXPECT_EQ(sockets[1].inode, 24871u);
}

TEST(HostParsersTest, ProcNetUnixListeningSocketsWithPaths) {
  constexpr std::string_view text =
      "Num       RefCount Protocol Flags    Type St Inode Path\n"
      "0000000000000000: 00000002 00000000 00010000 0001 01 25917 /run/mysqld/mysqld.sock\n"
      "0000000000000000: 00000002 00000000 00010000 0001 01 18200 @/tmp/.X11-unix/X0\n"
      "0000000000000000: 00000003 00000000 00000000 0001 03 31877\n"
      "0000000000000000: 00000002 00000000 00010000 0001 01 40001 /tmp/dir with space/s.sock\n";
  auto sockets = parse_proc_net_unix(text);
  ASSERT_EQ(sockets.size(), 4u);
  EXPECT_EQ(sockets[0].path, "/run/mysqld/mysqld.sock");
  EXPECT_EQ(sockets[0].inode, 25917u);
  EXPECT_TRUE(sockets[0].listening);
  EXPECT_EQ(sockets[1].path, "@/tmp/.X11-unix/X0");
  EXPECT_FALSE(sockets[2].listening);
  EXPECT_TRUE(sockets[2].path.empty());
  EXPECT_EQ(sockets[3].path, "/tmp/dir with space/s.sock");
}

TEST(HostParsersTest, DpkgStatusInstalledPackagesOnly) {
  constexpr std::string_view text =
      "Package: adduser\n"
      "Status: install ok installed\n"
      "Priority: important\n"
      "Section: admin\n"
      "Installed-Size: 686\n"
      "Maintainer: Debian Adduser Developers <adduser@packages.debian.org>\n"
      "Architecture: all\n"
      "Multi-Arch: foreign\n"
      "Version: 3.134\n"
      "Depends: passwd\n"
      "Conffiles:\n"
      " /etc/adduser.conf cc3493ecd2d09837ffdcc3e25fdfff18\n"
      "Description: add and remove users and groups\n"
      " This package includes the 'adduser' and 'deluser' commands for creating\n"
      " .\n"
      "\n"
      "Package: libc6\n"
      "Status: install ok installed\n"
      "Architecture: amd64\n"
      "Version: 2.36-9+deb12u4\n"
      "\n"
      "Package: old-thing\n"
      "Status: deinstall ok config-files\n"
      "Architecture: amd64\n"
      "Version: 1.0\n"
      "\n"
      "Package: mariadb-server\n"
      "Status: install ok installed\n"
      "Architecture: amd64\n"
      "Version: 1:10.11.6-0+deb12u1\n";
  auto packages = parse_dpkg_status(text);
  ASSERT_EQ(packages.size(), 3u);
  EXPECT_EQ(packages[0].name, "adduser");
  EXPECT_EQ(packages[0].version, "3.134");
  EXPECT_EQ(packages[0].architecture, "all");
  EXPECT_EQ(packages[1].name, "libc6");
  EXPECT_EQ(packages[2].name, "mariadb-server");
  EXPECT_EQ(packages[2].version, "1:10.11.6-0+deb12u1");
}

TEST(HostParsersTest, PasswdUsers) {
  constexpr std::string_view text =
      "root:x:0:0:root:/root:/bin/bash\n"
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
      "mysql:x:106:112:MySQL Server,,,:/nonexistent:/bin/false\n"
      "broken:x:notanumber:1::/:/bin/sh\n"
      "empty-shell:x:1001:1001::/home/e:\n";
  auto users = parse_passwd(text);
  ASSERT_EQ(users.size(), 4u);
  EXPECT_EQ(users[0].name, "root");
  EXPECT_EQ(users[0].uid, 0u);
  EXPECT_EQ(users[2].name, "mysql");
  EXPECT_EQ(users[2].uid, 106u);
  EXPECT_EQ(users[2].gecos, "MySQL Server,,,");
  EXPECT_EQ(users[3].shell, "");
}

TEST(HostParsersTest, MountsDecodeOctalEscapes) {
  constexpr std::string_view text =
      "proc /proc proc rw,relatime 0 0\n"
      "devtmpfs /dev devtmpfs rw,relatime,size=12334492k,nr_inodes=3083623,mode=755 0 0\n"
      "/dev/sdb1 /media/usb\\040stick vfat rw,nosuid 0 0\n";
  auto mounts = parse_mounts(text);
  ASSERT_EQ(mounts.size(), 3u);
  EXPECT_EQ(mounts[0].fs_type, "proc");
  EXPECT_EQ(mounts[2].mount_point, "/media/usb stick");
  EXPECT_EQ(mounts[2].device, "/dev/sdb1");
}

TEST(HostParsersTest, ProcStatWithSpacesAndParenthesesInComm) {
  auto plain =
      parse_proc_stat("11560 (cat) R 11552 11552 19004 0 -1 4194304 123 0 0 0 0 0 0 0 20 0 1 0 1250913");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->pid, 11560);
  EXPECT_EQ(plain->comm, "cat");
  EXPECT_EQ(plain->state, 'R');
  EXPECT_EQ(plain->ppid, 11552);
  auto odd = parse_proc_stat("42 (tmux: server (1)) S 1 42 42 0 -1");
  ASSERT_TRUE(odd.has_value());
  EXPECT_EQ(odd->comm, "tmux: server (1)");
  EXPECT_EQ(odd->ppid, 1);
  EXPECT_FALSE(parse_proc_stat("not a stat line").has_value());
}

TEST(HostParsersTest, StatusUidAndSocketLinks) {
  EXPECT_EQ(
      parse_status_uid("Name:\tmariadbd\nUmask:\t0007\nState:\tS (sleeping)\nUid:\t106\t106\t106\t106\n"),
      106u);
  EXPECT_FALSE(parse_status_uid("Name:\tx\n").has_value());
  EXPECT_EQ(parse_socket_link("socket:[25916]"), 25916u);
  EXPECT_FALSE(parse_socket_link("pipe:[25916]").has_value());
  EXPECT_FALSE(parse_socket_link("/dev/null").has_value());
}

}  // namespace
}  // namespace opsdeck::sync
