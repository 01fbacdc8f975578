#include "backend/backup/mariadb/mariadb_source.hpp"

#include <cstdio>

#include "backend/backup/mariadb/mariadb_restore.hpp"
#include "backend/backup/written_file_entry.hpp"
#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::backup {
namespace {

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

}  // namespace

core::Result<std::uint64_t> MariadbSource::estimate_bytes() {
  auto connection = store::MariadbConnection::connect(options_.server);
  OPSDECK_TRY(connection);
  std::uint64_t total = 0;
  for (const auto& database : options_.databases) {
    auto result =
        (*connection)
            ->execute(
                "SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES "
                "WHERE TABLE_SCHEMA = ?",
                {database});
    OPSDECK_TRY(result);
    if (!result->rows.empty()) {
      auto bytes = result->rows.front().get<std::uint64_t>(0);
      if (bytes.ok()) {
        total += *bytes;
      }
    }
  }
  return total;
}

core::Result<ManifestFragment> MariadbSource::write_into(const std::filesystem::path& staging_dir,
                                                         core::JobContext& job) {
  auto dumped = dump_mariadb_databases(options_.server, options_.databases, staging_dir, options_.dump, &job);
  OPSDECK_TRY(dumped);
  ManifestFragment fragment;
  for (const auto& database : dumped->databases) {
    auto entry = written_file_entry(staging_dir, database.file, database.sha256);
    OPSDECK_TRY(entry);
    fragment.files.push_back(std::move(*entry));
    fragment.bytes_written += database.bytes;
  }
  fragment.details = to_json(*dumped, staging_dir);
  return fragment;
}

core::Status MariadbSource::restore_from(const std::filesystem::path& data_dir, const Manifest& manifest,
                                         const std::string& target, core::JobContext& job) {
  auto dump = mariadb_dump_from_json(manifest.content.details, data_dir);
  OPSDECK_TRY(dump);
  std::string name = target;
  if (name.starts_with("db:")) {
    name = name.substr(3);
  }
  if (!name.empty() && dump->databases.size() != 1) {
    return core::fail(
        core::ErrorCategory::kInvalidInput,
        "backup " + manifest.id + " holds " + std::to_string(dump->databases.size()) +
            " databases; restore them under their own names (no target) or back up one database");
  }
  const auto safety_dir = data_dir.parent_path().parent_path() / ".safety-dumps";
  for (const auto& database : dump->databases) {
    MariadbRestoreRequest request;
    request.target_database = name.empty() ? database.database : name;
    request.dump_file = database.file;
    request.safety_directory = safety_dir;
    request.expected = database.objects;
    auto report = restore_mariadb_database(options_.server, request, &job);
    OPSDECK_TRY(report);
    job.message("restored " + std::to_string(report->tables_verified) + " tables into " +
                request.target_database + " (loaded in " + format_seconds(report->load_seconds) + " on " +
                std::to_string(report->loaded.connections) + " connections, verified in " +
                format_seconds(report->verify_seconds) + ")" +
                (report->replaced_existing
                     ? "; the replaced database is kept in " + report->safety_dump.string()
                     : std::string()));
  }
  return {};
}

}  // namespace opsdeck::backup
