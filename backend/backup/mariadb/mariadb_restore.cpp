#include "backend/backup/mariadb/mariadb_restore.hpp"

#include <time.h>

#include <array>
#include <chrono>
#include <optional>

#include "backend/backup/mariadb/dump_file.hpp"
#include "backend/backup/mariadb/mariadb_raw_session.hpp"
#include "backend/backup/mariadb/mariadb_table_layout.hpp"

namespace opsdeck::backup {
namespace {

bool is_system_database(const std::string& name) {
  return name == "mysql" || name == "information_schema" || name == "performance_schema" || name == "sys";
}

std::string utc_stamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y%m%d%H%M%S", &parts);
  return text.data();
}

std::string file_safe(const std::string& name) {
  std::string safe;
  for (const char character : name) {
    const bool plain = (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
                       (character >= '0' && character <= '9') || character == '_' || character == '-';
    safe.push_back(plain ? character : '_');
  }
  return safe;
}

// <directory>/<target>.pre-restore-<UTC time>.sql, with -2, -3, ... when a restore of the same target in
// the same second already left one (a retry right after a failed restore must not be refused).
std::filesystem::path safety_dump_path(const std::filesystem::path& directory, const std::string& target) {
  const std::string stem = file_safe(target) + ".pre-restore-" + utc_stamp();
  std::filesystem::path path = directory / (stem + ".sql");
  std::error_code error;
  for (int attempt = 2; attempt < 1000 && std::filesystem::exists(path, error); ++attempt) {
    path = directory / (stem + "-" + std::to_string(attempt) + ".sql");
  }
  return path;
}

core::Result<bool> database_exists(MariadbRawSession& session, const std::string& name) {
  auto rows = session.query("SHOW DATABASES");
  OPSDECK_TRY(rows);
  for (const auto& row : *rows) {
    if (!row.empty() && row[0] && *row[0] == name) {
      return true;
    }
  }
  return false;
}

core::Result<std::string> create_database_statement(MariadbRawSession& session, const std::string& quoted) {
  auto rows = session.query("SHOW CREATE DATABASE " + quoted);
  OPSDECK_TRY(rows);
  if (rows->empty() || rows->front().size() < 2 || !rows->front()[1]) {
    return core::fail(core::ErrorCategory::kProtocol, "SHOW CREATE DATABASE " + quoted + " returned nothing");
  }
  return *rows->front()[1];
}

// Drops and re-creates the target, then loads `file` into it; a fresh session each time, so that a broken
// connection from the failed attempt does not stop the rollback.
core::Result<LoadStatistics> replace_with(const store::MariadbOptions& options, const std::string& quoted,
                                          const std::string& create_statement,
                                          const std::filesystem::path& file, const LoadOptions& load,
                                          core::JobContext* job) {
  auto session = MariadbRawSession::open(options);
  OPSDECK_TRY(session);
  OPSDECK_TRY(
      (*session)->run("DROP DATABASE IF EXISTS " + quoted + ";" + create_statement + ";USE " + quoted));
  return load_dump_file(**session, file, load, job);
}

}  // namespace

core::Result<MariadbRestoreReport> restore_mariadb_database(const store::MariadbOptions& options,
                                                            const MariadbRestoreRequest& request,
                                                            core::JobContext* job) {
  const std::string& target = request.target_database;
  if (is_system_database(target)) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "refusing to restore over the system database " + target);
  }
  auto quoted = quoted_identifier(target);
  OPSDECK_TRY(quoted);
  {
    // A dump that was cut short is refused before anything is touched.
    auto reader = DumpFileReader::open(request.dump_file);
    OPSDECK_TRY(reader);
    auto complete = reader->ends_with_complete_marker();
    OPSDECK_TRY(complete);
    if (!*complete && request.load.require_complete_marker) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "the dump " + request.dump_file.string() +
                            " does not end with opsdeck's completion line (cut short?); database " + target +
                            " was not touched");
    }
  }
  auto session = MariadbRawSession::open(options);
  OPSDECK_TRY(session);
  auto exists = database_exists(**session, target);
  OPSDECK_TRY(exists);

  MariadbRestoreReport report;
  std::string create_statement = "CREATE DATABASE " + *quoted + " CHARACTER SET utf8mb4";
  if (*exists) {
    auto existing_create = create_database_statement(**session, *quoted);
    OPSDECK_TRY(existing_create);
    create_statement = *existing_create;
    if (job != nullptr) {
      job->message("taking a safety dump of " + target);
    }
    std::error_code ignored;
    std::filesystem::create_directories(request.safety_directory, ignored);
    report.safety_dump = safety_dump_path(request.safety_directory, target);
    auto safety =
        dump_mariadb_database_to(options, target, report.safety_dump, MariadbDumpOptions{}, nullptr);
    if (!safety.ok()) {
      return core::fail(
          safety.error().category,
          "the safety dump of " + target + " failed, so nothing was restored: " + safety.error().message);
    }
    report.replaced_existing = true;
  }
  session->reset();

  if (job != nullptr) {
    job->message("restoring " + request.dump_file.filename().string() + " into " + target);
  }
  // The completion line was checked above (for a compressed dump that means decompressing all of it): the
  // load does not check it again.
  LoadOptions load = request.load;
  load.require_complete_marker = false;
  const auto load_started = std::chrono::steady_clock::now();
  auto loaded = replace_with(options, *quoted, create_statement, request.dump_file, load, job);
  const auto load_ended = std::chrono::steady_clock::now();
  report.load_seconds = std::chrono::duration<double>(load_ended - load_started).count();
  std::optional<core::Error> failure;
  if (!loaded.ok()) {
    failure = loaded.error();
  } else {
    report.loaded = *loaded;
    if (job != nullptr) {
      job->message("verifying " + std::to_string(request.expected.size()) + " objects of " + target);
    }
    auto differences = compare_with_dump(options, target, request.expected);
    report.verify_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - load_ended).count();
    if (!differences.ok()) {
      failure = differences.error();
    } else if (!differences->empty()) {
      failure = core::make_error(core::ErrorCategory::kProtocol,
                                 "the restored data does not match the dump: " + differences->front());
    } else {
      report.tables_verified = request.expected.size();
    }
  }
  if (!failure) {
    return report;
  }

  const std::string what =
      "restoring " + request.dump_file.string() + " into " + target + " failed: " + failure->message;
  if (!*exists) {
    auto cleanup = MariadbRawSession::open(options);
    if (cleanup.ok()) {
      (void)(*cleanup)->run("DROP DATABASE IF EXISTS " + *quoted);
    }
    return core::fail(failure->category, what + "; the partly restored database was dropped");
  }
  if (job != nullptr) {
    job->message("restore failed; putting " + target + " back from the safety dump");
  }
  auto rollback =
      replace_with(options, *quoted, create_statement, report.safety_dump, LoadOptions{}, nullptr);
  if (!rollback.ok()) {
    return core::fail(failure->category, what + "; putting the old database back from the safety dump " +
                                             report.safety_dump.string() + " ALSO failed: " +
                                             rollback.error().message + "; the safety dump is kept");
  }
  return core::fail(failure->category, what + "; the old database was put back from the safety dump " +
                                           report.safety_dump.string());
}

}  // namespace opsdeck::backup
