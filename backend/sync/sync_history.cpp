#include "backend/sync/sync_history.hpp"

#include <cmath>

namespace opsdeck::sync {

std::string_view to_string(ProviderStatus status) {
  switch (status) {
    case ProviderStatus::kOk:
      return "ok";
    case ProviderStatus::kFailed:
      return "failed";
    case ProviderStatus::kCancelled:
      return "cancelled";
    case ProviderStatus::kRefused:
      return "refused";
  }
  return "failed";
}

std::string_view to_string(ProviderPhase phase) {
  switch (phase) {
    case ProviderPhase::kQueued:
      return "queued";
    case ProviderPhase::kLocking:
      return "locking";
    case ProviderPhase::kLoading:
      return "loading";
    case ProviderPhase::kCleaning:
      return "cleaning";
    case ProviderPhase::kDone:
      return "done";
  }
  return "queued";
}

ProviderStatus provider_status_from(std::string_view text) {
  for (auto status :
       {ProviderStatus::kOk, ProviderStatus::kFailed, ProviderStatus::kCancelled, ProviderStatus::kRefused}) {
    if (to_string(status) == text) {
      return status;
    }
  }
  return ProviderStatus::kFailed;
}

core::Status record_run(store::MariadbConnection& connection, const std::vector<SyncReport>& reports) {
  for (const auto& report : reports) {
    auto inserted = connection.execute(
        "INSERT INTO sync_runs (update_tag, provider, status, started_at, duration_ms, nodes_written,"
        " relationships_written, nodes_deleted, relationships_deleted, cleanup_ran, message)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        {report.update_tag, report.provider, std::string(to_string(report.status)), report.started_at,
         static_cast<std::uint64_t>(std::llround(report.duration_seconds * 1000)), report.nodes_written,
         report.relationships_written, report.nodes_deleted, report.relationships_deleted,
         static_cast<std::int64_t>(report.cleanup_ran ? 1 : 0), report.message});
    if (!inserted.ok()) {
      return core::Unexpected{inserted.error()};
    }
  }
  return {};
}

core::Result<std::vector<SyncRunSummary>> load_history(store::MariadbConnection& connection,
                                                       std::size_t runs) {
  auto result = connection.execute(
      "SELECT r.update_tag, r.provider, r.status, r.started_at, r.duration_ms, r.nodes_written,"
      " r.relationships_written, r.nodes_deleted, r.relationships_deleted, r.cleanup_ran, r.message"
      " FROM sync_runs r JOIN (SELECT DISTINCT update_tag FROM sync_runs ORDER BY update_tag DESC LIMIT ?) t"
      " ON r.update_tag = t.update_tag ORDER BY r.update_tag DESC, r.run_id",
      {static_cast<std::uint64_t>(runs)});
  if (!result.ok()) {
    return core::Unexpected{result.error()};
  }
  std::vector<SyncRunSummary> history;
  for (const auto& row : result->rows) {
    SyncReport report;
    report.update_tag = row.get<std::uint64_t>(0).value_or(0);
    report.provider = row.get<std::string>(1).value_or("");
    report.status = provider_status_from(row.get<std::string>(2).value_or(""));
    report.started_at = row.get<std::int64_t>(3).value_or(0);
    report.duration_seconds = static_cast<double>(row.get<std::uint64_t>(4).value_or(0)) / 1000.0;
    report.nodes_written = row.get<std::uint64_t>(5).value_or(0);
    report.relationships_written = row.get<std::uint64_t>(6).value_or(0);
    report.nodes_deleted = row.get<std::uint64_t>(7).value_or(0);
    report.relationships_deleted = row.get<std::uint64_t>(8).value_or(0);
    report.cleanup_ran = row.get<std::int64_t>(9).value_or(0) != 0;
    report.message = row.get<std::string>(10).value_or("");
    if (history.empty() || history.back().update_tag != report.update_tag) {
      history.push_back(SyncRunSummary{report.update_tag, report.started_at, {}});
    }
    history.back().reports.push_back(std::move(report));
  }
  return history;
}

}  // namespace opsdeck::sync
