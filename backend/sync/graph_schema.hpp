// The sync engine's tables (applied by store::apply_schema_steps at open): sync_nodes, sync_relationships
// and sync_runs. Steps are append-only: change the schema by adding a step, never by editing one.
#pragma once

#include "backend/store/schema_steps.hpp"

namespace opsdeck::sync {

store::EngineSchema graph_schema();

}  // namespace opsdeck::sync
