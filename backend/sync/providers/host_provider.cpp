#include "backend/sync/providers/host_provider.hpp"

#include <sys/utsname.h>

#include <filesystem>
#include <map>
#include <set>

namespace opsdeck::sync {
namespace {

constexpr const char* kNodeLabels[] = {"Host",    "User",  "Process",         "ListeningSocket",
                                       "Package", "Mount", "NetworkInterface"};
constexpr const char* kRelationshipTypes[] = {"HAS_USER",  "RUNS",          "RUNS_AS",
                                              "CHILD_OF",  "LISTENS_ON",    "HAS_PACKAGE",
                                              "HAS_MOUNT", "HAS_INTERFACE", "SERVES"};

std::string local_hostname() {
  utsname name{};
  if (uname(&name) == 0 && name.nodename[0] != '\0') {
    return name.nodename;
  }
  return "localhost";
}

bool is_local_host(const std::string& host, const std::string& hostname) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == hostname;
}

bool same_path(const std::string& a, const std::string& b) {
  std::error_code error;
  return a == b || std::filesystem::equivalent(a, b, error);
}

class Writer {
 public:
  Writer(GraphSink& sink, std::string scope, std::string host_id)
      : sink_(sink), scope_(std::move(scope)), host_id_(std::move(host_id)) {}

  core::Status node(const char* label, std::string id, nlohmann::json properties) {
    return sink_.add_node(GraphNode{label, std::move(id), scope_, std::move(properties)});
  }
  core::Status link(const char* type, const char* from_label, std::string from_id, const char* to_label,
                    std::string to_id, nlohmann::json properties = nlohmann::json::object()) {
    return sink_.add_relationship(GraphRelationship{type, from_label, std::move(from_id), to_label,
                                                    std::move(to_id), scope_, std::move(properties)});
  }
  core::Status owned(const char* type, const char* label, std::string id, nlohmann::json properties) {
    OPSDECK_TRY(node(label, id, std::move(properties)));
    return link(type, "Host", host_id_, label, std::move(id));
  }

 private:
  GraphSink& sink_;
  std::string scope_;
  std::string host_id_;
};

}  // namespace

HostProvider::HostProvider(HostSources sources)
    : sources_(std::move(sources)),
      hostname_(sources_.hostname.empty() ? local_hostname() : sources_.hostname) {
}

std::vector<ResourceScope> HostProvider::resources() const {
  std::vector<ResourceScope> resources;
  for (const char* label : kNodeLabels) {
    resources.push_back(ResourceScope{ResourceScope::Kind::kNode, label, scope()});
  }
  for (const char* type : kRelationshipTypes) {
    resources.push_back(ResourceScope{ResourceScope::Kind::kRelationship, type, scope()});
  }
  return resources;
}

core::Status HostProvider::load(ProviderContext& context) {
  context.job.message("reading /proc, /etc/passwd and dpkg status");
  auto facts = collect_host_facts(sources_);
  if (!facts.ok()) {
    return core::Unexpected{facts.error()};
  }
  facts->hostname = hostname_;
  return write(*facts, context.sink, &context.job);
}

core::Status HostProvider::write(const HostFacts& facts, GraphSink& sink, core::JobContext* job) const {
  const std::string prefix = hostname_ + "/";
  const std::string host_id = "host:" + hostname_;
  Writer out(sink, scope(), host_id);
  auto cancelled = [&] { return job != nullptr && job->cancelled(); };
  if (job != nullptr) {
    job->set_total(static_cast<double>(facts.users.size() + facts.processes.size() + facts.packages.size() +
                                       facts.mounts.size() + facts.interfaces.size() + facts.tcp.size()),
                   "items");
  }
  auto advance = [&] {
    if (job != nullptr) {
      job->advance(1);
    }
  };
  OPSDECK_TRY(out.node("Host", host_id,
                       {{"hostname", hostname_},
                        {"kernel", facts.kernel},
                        {"machine", facts.machine},
                        {"os", facts.os},
                        {"processes", facts.processes.size()}}));
  std::map<std::uint32_t, std::string> user_by_uid;
  for (const auto& user : facts.users) {
    user_by_uid.emplace(user.uid, user.name);
    OPSDECK_TRY(out.owned("HAS_USER", "User", prefix + "user/" + user.name,
                          {{"name", user.name},
                           {"uid", user.uid},
                           {"gid", user.gid},
                           {"gecos", user.gecos},
                           {"home", user.home},
                           {"shell", user.shell}}));
    advance();
  }

  // Sockets first, so that processes can be linked to what they listen on.
  std::map<std::uint64_t, std::string> socket_by_inode;
  std::map<std::uint64_t, const TcpSocket*> tcp_by_inode;
  std::map<std::uint64_t, const UnixSocket*> unix_by_inode;
  for (const auto& socket : facts.tcp) {
    std::string id = prefix + "listen/tcp" + (socket.ipv6 ? "6" : "") + "/" + socket.address + ":" +
                     std::to_string(socket.port);
    OPSDECK_TRY(out.node(
        "ListeningSocket", id,
        {{"protocol", socket.ipv6 ? "tcp6" : "tcp"}, {"address", socket.address}, {"port", socket.port}}));
    socket_by_inode[socket.inode] = id;
    tcp_by_inode[socket.inode] = &socket;
    advance();
  }
  for (const auto& socket : facts.unix_sockets) {
    std::string id = prefix + "listen/unix/" + socket.path;
    if (id.size() > 255) {
      continue;
    }
    OPSDECK_TRY(out.node("ListeningSocket", id, {{"protocol", "unix"}, {"path", socket.path}}));
    socket_by_inode[socket.inode] = id;
    unix_by_inode[socket.inode] = &socket;
  }

  std::set<int> pids;
  for (const auto& process : facts.processes) {
    pids.insert(process.stat.pid);
  }
  for (const auto& process : facts.processes) {
    if (cancelled()) {
      return core::fail(core::ErrorCategory::kCancelled, "host provider cancelled");
    }
    const std::string id = prefix + "process/" + std::to_string(process.stat.pid);
    nlohmann::json properties = {{"pid", process.stat.pid},
                                 {"ppid", process.stat.ppid},
                                 {"name", process.stat.comm},
                                 {"state", std::string(1, process.stat.state)},
                                 {"cmdline", process.cmdline}};
    std::string user;
    if (process.uid) {
      properties["uid"] = *process.uid;
      if (auto found = user_by_uid.find(*process.uid); found != user_by_uid.end()) {
        user = found->second;
        properties["user"] = user;
      }
    }
    OPSDECK_TRY(out.owned("RUNS", "Process", id, std::move(properties)));
    if (!user.empty()) {
      OPSDECK_TRY(out.link("RUNS_AS", "Process", id, "User", prefix + "user/" + user));
    }
    if (process.stat.ppid > 0 && pids.contains(process.stat.ppid)) {
      OPSDECK_TRY(out.link("CHILD_OF", "Process", id, "Process",
                           prefix + "process/" + std::to_string(process.stat.ppid)));
    }
    std::set<std::string> linked;
    for (auto inode : process.socket_inodes) {
      auto socket = socket_by_inode.find(inode);
      if (socket == socket_by_inode.end() || !linked.insert(socket->second).second) {
        continue;
      }
      OPSDECK_TRY(out.link("LISTENS_ON", "Process", id, "ListeningSocket", socket->second));
      for (const auto& endpoint : sources_.mariadb_endpoints) {
        bool serves = false;
        if (auto tcp = tcp_by_inode.find(inode); tcp != tcp_by_inode.end()) {
          serves = !endpoint.host.empty() && endpoint.port == tcp->second->port &&
                   is_local_host(endpoint.host, hostname_);
        } else if (auto unix_socket = unix_by_inode.find(inode); unix_socket != unix_by_inode.end()) {
          serves = !endpoint.socket.empty() && same_path(endpoint.socket, unix_socket->second->path);
        }
        if (serves) {
          OPSDECK_TRY(out.link("SERVES", "Process", id, "MariadbServer", endpoint.node_id,
                               {{"via", socket->second}}));
        }
      }
    }
    advance();
  }
  for (const auto& package : facts.packages) {
    OPSDECK_TRY(out.owned("HAS_PACKAGE", "Package",
                          prefix + "package/" + package.name + ":" + package.architecture,
                          {{"name", package.name},
                           {"version", package.version},
                           {"architecture", package.architecture},
                           {"status", package.status}}));
    advance();
  }
  for (const auto& mount : facts.mounts) {
    std::string id = prefix + "mount/" + mount.mount_point;
    if (id.size() <= 255) {
      OPSDECK_TRY(out.owned("HAS_MOUNT", "Mount", id,
                            {{"device", mount.device},
                             {"mount_point", mount.mount_point},
                             {"fs_type", mount.fs_type},
                             {"options", mount.options}}));
    }
    advance();
  }
  for (const auto& interface : facts.interfaces) {
    OPSDECK_TRY(out.owned("HAS_INTERFACE", "NetworkInterface", prefix + "interface/" + interface.name,
                          {{"name", interface.name},
                           {"addresses", interface.addresses},
                           {"up", interface.up},
                           {"loopback", interface.loopback}}));
    advance();
  }
  return {};
}

}  // namespace opsdeck::sync
