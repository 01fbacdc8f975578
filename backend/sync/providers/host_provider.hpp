// The `host` provider: this machine as a graph. Nodes: Host, User (/etc/passwd), Process (/proc),
// ListeningSocket (/proc/net/tcp{,6} and listening unix sockets), Package (dpkg), Mount, NetworkInterface.
// Relationships: Host -HAS_USER/RUNS/HAS_PACKAGE/HAS_MOUNT/HAS_INTERFACE-> ..., Process -RUNS_AS-> User,
// Process -CHILD_OF-> Process, Process -LISTENS_ON-> ListeningSocket (socket inode matched in
// /proc/<pid>/fd), and across providers Process -SERVES-> MariadbServer when it listens on the port or
// socket of a configured MariaDB server. Everything is in scope "host:<hostname>".
#pragma once

#include <string>
#include <vector>

#include "backend/sync/provider.hpp"
#include "backend/sync/providers/host_facts.hpp"

namespace opsdeck::sync {

// Where a configured MariaDB server listens, and its node in the mariadb provider's graph.
struct MariadbEndpoint {
  std::string node_id;  // MariadbServer id
  std::string host;     // empty for a unix socket
  unsigned port = 0;
  std::string socket;
};

struct HostSources : HostPaths {
  std::vector<MariadbEndpoint> mariadb_endpoints;
  std::string hostname;  // empty = uname's nodename
};

class HostProvider final : public Provider {
 public:
  explicit HostProvider(HostSources sources);
  std::string_view name() const override { return "host"; }
  std::vector<ResourceScope> resources() const override;
  core::Status load(ProviderContext& context) override;

  // Turns collected facts into nodes and relationships (public for tests).
  core::Status write(const HostFacts& facts, GraphSink& sink, core::JobContext* job) const;
  std::string scope() const { return "host:" + hostname_; }

 private:
  HostSources sources_;
  std::string hostname_;
};

}  // namespace opsdeck::sync
