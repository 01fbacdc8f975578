// The `mariadb` provider: each configured MariaDB server as a graph, in scope "mariadb:<name>" (name: the
// server's "host:port" or "socket /path"). Nodes: MariadbServer, MariadbDatabase, MariadbTable (engine,
// rows, data and index bytes), MariadbUser (user@host, global privileges). Relationships: HAS_DATABASE,
// HAS_TABLE, HAS_USER, HAS_GRANT (user -> database, with the privileges), and REPLICATES_FROM (replica ->
// primary, from SHOW ALL SLAVES STATUS and SHOW SLAVE HOSTS) to the primary's MariadbServer id.
#pragma once

#include <vector>

#include "backend/sync/provider.hpp"
#include "backend/sync/providers/host_provider.hpp"
#include "backend/sync/sync_settings.hpp"

namespace opsdeck::sync {

// The MariadbServer node id of a target ("mariadb:" + name) and where it listens, for the host provider.
std::string mariadb_server_id(const MariadbTarget& target);
MariadbEndpoint mariadb_endpoint(const MariadbTarget& target);

class MariadbProvider final : public Provider {
 public:
  explicit MariadbProvider(std::vector<MariadbTarget> targets);
  std::string_view name() const override { return "mariadb"; }
  std::vector<ResourceScope> resources() const override;
  core::Status load(ProviderContext& context) override;

 private:
  core::Status load_server(const MariadbTarget& target, ProviderContext& context);
  std::vector<MariadbTarget> targets_;
};

}  // namespace opsdeck::sync
