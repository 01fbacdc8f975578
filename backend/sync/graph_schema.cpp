// Why these keys: nodes are looked up by (label, id) and relationships by either end, so those are the
// primary key and two secondary indexes; cleanup and the safety count scan one (label|type, scope) and
// compare lastupdated, which (label, scope, lastupdated) answers from the index alone. Ids and names are
// compared byte for byte (utf8mb4_bin): "Web1" and "web1" are different nodes. Properties are JSON text
// written only by opsdeck (nlohmann dump), so they are stored as LONGTEXT without a per-row JSON_VALID check,
// which would cost the writer a parse per row.
#include "backend/sync/graph_schema.hpp"

namespace opsdeck::sync {

store::EngineSchema graph_schema() {
  store::EngineSchema schema;
  schema.engine = "sync";
  schema.steps.push_back(store::SchemaStep{1,
                                           "graph nodes, relationships and sync runs",
                                           {
                                               "CREATE TABLE IF NOT EXISTS sync_nodes ("
                                               " label VARCHAR(64) NOT NULL,"
                                               " id VARCHAR(255) NOT NULL,"
                                               " scope VARCHAR(190) NOT NULL,"
                                               " properties LONGTEXT NOT NULL,"
                                               " firstseen BIGINT UNSIGNED NOT NULL,"
                                               " lastupdated BIGINT UNSIGNED NOT NULL,"
                                               " PRIMARY KEY (label, id),"
                                               " KEY sync_nodes_cleanup (label, scope, lastupdated)"
                                               ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
                                               "CREATE TABLE IF NOT EXISTS sync_relationships ("
                                               " type VARCHAR(64) NOT NULL,"
                                               " from_label VARCHAR(64) NOT NULL,"
                                               " from_id VARCHAR(255) NOT NULL,"
                                               " to_label VARCHAR(64) NOT NULL,"
                                               " to_id VARCHAR(255) NOT NULL,"
                                               " scope VARCHAR(190) NOT NULL,"
                                               " properties LONGTEXT NOT NULL,"
                                               " firstseen BIGINT UNSIGNED NOT NULL,"
                                               " lastupdated BIGINT UNSIGNED NOT NULL,"
                                               " PRIMARY KEY (from_label, from_id, type, to_label, to_id),"
                                               " KEY sync_relationships_to (to_label, to_id),"
                                               " KEY sync_relationships_cleanup (type, scope, lastupdated)"
                                               ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
                                               "CREATE TABLE IF NOT EXISTS sync_runs ("
                                               " run_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                                               " update_tag BIGINT UNSIGNED NOT NULL,"
                                               " provider VARCHAR(64) NOT NULL,"
                                               " status VARCHAR(16) NOT NULL,"
                                               " started_at BIGINT NOT NULL,"
                                               " duration_ms BIGINT UNSIGNED NOT NULL,"
                                               " nodes_written BIGINT UNSIGNED NOT NULL,"
                                               " relationships_written BIGINT UNSIGNED NOT NULL,"
                                               " nodes_deleted BIGINT UNSIGNED NOT NULL,"
                                               " relationships_deleted BIGINT UNSIGNED NOT NULL,"
                                               " cleanup_ran TINYINT NOT NULL,"
                                               " message TEXT NOT NULL,"
                                               " KEY sync_runs_provider (provider, run_id)"
                                               ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                                           }});
  return schema;
}

}  // namespace opsdeck::sync
