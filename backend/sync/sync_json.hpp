// JSON forms of the sync engine's results, for `opsdeck sync --json` and `opsdeck graph ... --json`.
#pragma once

#include <nlohmann/json.hpp>

#include "backend/sync/sync_snapshot.hpp"

namespace opsdeck::sync {

nlohmann::json to_json(const SyncReport& report);
nlohmann::json to_json(const SyncRunSummary& summary);
nlohmann::json to_json(const std::vector<LabelCount>& labels);
nlohmann::json to_json(const NodeSummary& node);
nlohmann::json to_json(const NodeDetail& node);

}  // namespace opsdeck::sync
