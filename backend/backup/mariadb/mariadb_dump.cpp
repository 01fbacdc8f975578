// The database-level part of the dump: the snapshot (with checksums on a second connection,
// snapshot_checksums.hpp), the header, tables (schema, checksum, rows), views
// behind stand-in tables (so a view may use a view dumped after it), and the completion marker.
#include "backend/backup/mariadb/mariadb_dump.hpp"

#include <utility>

#include "backend/backup/mariadb/dump_file.hpp"
#include "backend/backup/mariadb/mariadb_raw_session.hpp"
#include "backend/backup/mariadb/mariadb_table_layout.hpp"
#include "backend/backup/mariadb/mariadb_table_rows.hpp"
#include "backend/backup/mariadb/snapshot_checksums.hpp"
#include "backend/core/time_format.hpp"

namespace opsdeck::backup {
namespace {

// Then START TRANSACTION WITH CONSISTENT SNAPSHOT (snapshot_checksums.hpp starts it).
constexpr std::string_view kSessionSetup =
    "SET SESSION time_zone = '+00:00';"
    "SET SESSION net_write_timeout = 3600;"
    "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ";

// Read by the `mariadb` client and by opsdeck alike: UTC timestamps, zero dates and 0 in AUTO_INCREMENT
// columns kept, backslash escapes on, no foreign key ordering needed.
constexpr std::string_view kDumpPreamble =
    "SET NAMES utf8mb4;\n"
    "SET time_zone = '+00:00';\n"
    "SET sql_mode = 'NO_AUTO_VALUE_ON_ZERO';\n"
    "SET foreign_key_checks = 0;\n"
    "SET unique_checks = 0;\n";

struct ListedObject {
  std::string name;
  std::string type;  // BASE TABLE, VIEW, SEQUENCE, SYSTEM VERSIONED
};

core::Result<std::vector<ListedObject>> list_objects(MariadbRawSession& session) {
  auto rows = session.query("SHOW FULL TABLES");
  OPSDECK_TRY(rows);
  std::vector<ListedObject> objects;
  for (const auto& row : *rows) {
    if (row.size() >= 2 && row[0] && row[1]) {
      objects.push_back({*row[0], *row[1]});
    }
  }
  return objects;
}

core::Result<std::vector<std::string>> view_columns(MariadbRawSession& session, const std::string& quoted) {
  auto rows = session.query("SHOW COLUMNS FROM " + quoted);
  OPSDECK_TRY(rows);
  std::vector<std::string> names;
  for (const auto& row : *rows) {
    if (!row.empty() && row[0]) {
      auto name = quoted_identifier(*row[0]);
      OPSDECK_TRY(name);
      names.push_back(*name);
    }
  }
  return names;
}

core::Status not_cancelled(core::JobContext* job) {
  if (job != nullptr && job->cancelled()) {
    return core::fail(core::ErrorCategory::kCancelled, "the dump was cancelled");
  }
  return {};
}

class DatabaseDumper {
 public:
  DatabaseDumper(MariadbRawSession& session, SnapshotChecksums* checksums, const MariadbDumpOptions& options,
                 core::JobContext* job, std::uint64_t& total_rows)
      : session_(session), checksums_(checksums), options_(options), job_(job), total_rows_(total_rows) {}

  core::Result<MariadbDatabaseDump> dump(const std::string& database, const std::filesystem::path& file) {
    database_ = database;
    MariadbDatabaseDump result;
    result.database = database;
    result.file = file;
    auto quoted_database = quoted_identifier(database);
    OPSDECK_TRY(quoted_database);
    OPSDECK_TRY(session_.run("USE " + *quoted_database));
    auto objects = list_objects(session_);
    OPSDECK_TRY(objects);
    auto out = DumpFileWriter::create(file);
    OPSDECK_TRY(out);
    OPSDECK_TRY(out->write("-- opsdeck MariaDB dump of database " + *quoted_database + " from server " +
                           session_.server_version() + ", snapshot taken " +
                           core::format_utc(std::chrono::system_clock::now()) +
                           "\n-- restore: opsdeck backup restore, or mariadb <database> < this file\n"));
    OPSDECK_TRY(out->write(kDumpPreamble));
    std::vector<ListedObject> views;
    for (const auto& object : *objects) {
      OPSDECK_TRY(not_cancelled(job_));
      if (object.type == "VIEW") {
        views.push_back(object);
      } else if (object.type == "BASE TABLE" || object.type == "SYSTEM VERSIONED") {
        auto table = dump_table(object.name, *out);
        OPSDECK_TRY(table);
        result.objects.push_back(std::move(*table));
      } else {
        result.not_dumped.push_back(object.name + " (" + object.type + ")");
      }
    }
    OPSDECK_TRY(dump_views(views, *out, result));
    OPSDECK_TRY(out->write(kDumpCompleteMarker));
    OPSDECK_TRY(out->finish());
    result.bytes = out->bytes_written();
    result.sha256 = out->sha256();
    return result;
  }

 private:
  // From the parallel worker when it has the table, else on the dump's connection (same snapshot).
  core::Result<std::optional<std::uint64_t>> checksum_of(const std::string& name, const std::string& quoted) {
    if (checksums_ != nullptr) {
      auto taken = checksums_->take(database_, name);
      if (taken) {
        return std::move(*taken);
      }
    }
    return checksum_table(session_, quoted);
  }

  core::Result<DumpedObject> dump_table(const std::string& name, DumpFileWriter& out) {
    DumpedObject table{name, "table", 0, std::nullopt};
    auto layout = read_table_layout(session_, name);
    OPSDECK_TRY(layout);
    auto create = read_create_statement(session_, name, false);
    OPSDECK_TRY(create);
    if (job_ != nullptr) {
      job_->message("dumping table " + name);
    }
    OPSDECK_TRY(out.write("\n-- table " + layout->quoted_name + "\nDROP TABLE IF EXISTS " +
                          layout->quoted_name + ";\n" + *create + ";\n"));
    const std::uint64_t before = total_rows_;
    auto rows = dump_table_rows(session_, *layout, out, options_, [&](std::uint64_t done) -> core::Status {
      OPSDECK_TRY(not_cancelled(job_));
      if (job_ != nullptr) {
        job_->set_done(static_cast<double>(before + done));
      }
      return {};
    });
    OPSDECK_TRY(rows);
    table.rows = *rows;
    // Taken after the rows: the worker computes it while they stream.
    auto checksum = checksum_of(name, layout->quoted_name);
    OPSDECK_TRY(checksum);
    table.checksum = *checksum;
    total_rows_ = before + *rows;
    return table;
  }

  core::Status dump_views(const std::vector<ListedObject>& views, DumpFileWriter& out,
                          MariadbDatabaseDump& result) {
    // Stand-ins first (as mysqldump does): a view may select from a view that comes later.
    for (const auto& view : views) {
      auto quoted = quoted_identifier(view.name);
      OPSDECK_TRY(quoted);
      auto columns = view_columns(session_, *quoted);
      OPSDECK_TRY(columns);
      std::string stand_in = "\n-- stand-in for view " + *quoted + "\nDROP TABLE IF EXISTS " + *quoted +
                             ";\nDROP VIEW IF EXISTS " + *quoted + ";\nCREATE TABLE " + *quoted + " (";
      for (std::size_t index = 0; index < columns->size(); ++index) {
        stand_in += (index > 0 ? ", " : "") + (*columns)[index] + " tinyint";
      }
      OPSDECK_TRY(out.write(stand_in + ") ENGINE=Aria;\n"));
    }
    for (const auto& view : views) {
      auto quoted = quoted_identifier(view.name);
      OPSDECK_TRY(quoted);
      auto create = read_create_statement(session_, view.name, true);
      OPSDECK_TRY(create);
      OPSDECK_TRY(
          out.write("\n-- view " + *quoted + "\nDROP TABLE IF EXISTS " + *quoted + ";\n" + *create + ";\n"));
      result.objects.push_back({view.name, "view", 0, std::nullopt});
    }
    return {};
  }

  MariadbRawSession& session_;
  SnapshotChecksums* checksums_;
  std::string database_;
  const MariadbDumpOptions& options_;
  core::JobContext* job_;
  std::uint64_t& total_rows_;
};

// A file name for a database: the name itself when it is plain, otherwise its position.
std::string file_name_for(const std::string& database, std::size_t index) {
  bool plain = !database.empty() && database.size() <= 64;
  for (const char character : database) {
    const bool allowed = (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
                         (character >= '0' && character <= '9') || character == '_' || character == '-';
    plain = plain && allowed;
  }
  return (plain ? database : "database-" + std::to_string(index + 1)) + ".sql";
}

struct Snapshot {
  std::unique_ptr<MariadbRawSession> session;
  std::unique_ptr<SnapshotChecksums> checksums;  // null: checksums on `session`
};

core::Result<Snapshot> open_snapshot(const store::MariadbOptions& options,
                                     const std::vector<std::string>& databases) {
  Snapshot snapshot;
  auto session = MariadbRawSession::open(options);
  OPSDECK_TRY(session);
  OPSDECK_TRY((*session)->run(kSessionSetup));
  auto checksums = SnapshotChecksums::start(options, **session, databases, kSessionSetup);
  OPSDECK_TRY(checksums);
  snapshot.session = std::move(*session);
  snapshot.checksums = std::move(*checksums);
  return snapshot;
}

core::Status estimate_total(MariadbRawSession& session, const std::vector<std::string>& databases,
                            core::JobContext* job) {
  if (job == nullptr) {
    return {};
  }
  double total = 0;
  for (const auto& database : databases) {
    auto quoted = quoted_identifier(database);
    OPSDECK_TRY(quoted);
    auto rows = session.query("SHOW TABLE STATUS FROM " + *quoted);
    OPSDECK_TRY(rows);
    constexpr std::size_t kRowsColumn = 4;  // Name, Engine, Version, Row_format, Rows
    for (const auto& row : *rows) {
      if (row.size() > kRowsColumn && row[kRowsColumn]) {
        total += std::stod(*row[kRowsColumn]);
      }
    }
  }
  job->set_total(total, "rows");
  return {};
}

}  // namespace

core::Result<MariadbDumpResult> dump_mariadb_databases(const store::MariadbOptions& options,
                                                       const std::vector<std::string>& databases,
                                                       const std::filesystem::path& directory,
                                                       const MariadbDumpOptions& dump_options,
                                                       core::JobContext* job) {
  auto snapshot = open_snapshot(options, databases);
  OPSDECK_TRY(snapshot);
  MariadbRawSession& session = *snapshot->session;
  MariadbDumpResult result;
  result.server = options.describe();
  result.server_version = session.server_version();
  OPSDECK_TRY(estimate_total(session, databases, job));
  std::uint64_t total_rows = 0;
  DatabaseDumper dumper(session, snapshot->checksums.get(), dump_options, job, total_rows);
  for (std::size_t index = 0; index < databases.size(); ++index) {
    auto dumped = dumper.dump(databases[index], directory / file_name_for(databases[index], index));
    OPSDECK_TRY(dumped);
    result.databases.push_back(std::move(*dumped));
  }
  OPSDECK_TRY(session.run("COMMIT"));
  return result;
}

core::Result<MariadbDatabaseDump> dump_mariadb_database_to(const store::MariadbOptions& options,
                                                           const std::string& database,
                                                           const std::filesystem::path& file,
                                                           const MariadbDumpOptions& dump_options,
                                                           core::JobContext* job) {
  auto snapshot = open_snapshot(options, {database});
  OPSDECK_TRY(snapshot);
  std::uint64_t total_rows = 0;
  DatabaseDumper dumper(*snapshot->session, snapshot->checksums.get(), dump_options, job, total_rows);
  auto dumped = dumper.dump(database, file);
  OPSDECK_TRY(dumped);
  OPSDECK_TRY(snapshot->session->run("COMMIT"));
  return dumped;
}

}  // namespace opsdeck::backup
