#include "backend/backup/mariadb/snapshot_checksums.hpp"

#include "backend/backup/mariadb/mariadb_table_layout.hpp"

namespace opsdeck::backup {
namespace {

constexpr std::string_view kStartSnapshot = "START TRANSACTION WITH CONSISTENT SNAPSHOT";

core::Result<std::string> qualified(const std::string& database, const std::string& table) {
  auto quoted_database = quoted_identifier(database);
  OPSDECK_TRY(quoted_database);
  auto quoted_table = quoted_identifier(table);
  OPSDECK_TRY(quoted_table);
  return *quoted_database + "." + *quoted_table;
}

}  // namespace

core::Result<std::optional<std::uint64_t>> checksum_table(MariadbRawSession& session,
                                                          const std::string& quoted) {
  auto rows = session.query("CHECKSUM TABLE " + quoted);
  OPSDECK_TRY(rows);
  if (rows->empty() || rows->front().size() < 2 || !rows->front()[1]) {
    return std::optional<std::uint64_t>();
  }
  return std::optional<std::uint64_t>(std::stoull(*rows->front()[1]));
}

core::Result<std::unique_ptr<SnapshotChecksums>> SnapshotChecksums::start(
    const store::MariadbOptions& options, MariadbRawSession& dump, const std::vector<std::string>& databases,
    std::string_view session_settings) {
  auto serial = [&dump]() -> core::Result<std::unique_ptr<SnapshotChecksums>> {
    OPSDECK_TRY(dump.run(kStartSnapshot));
    return std::unique_ptr<SnapshotChecksums>();
  };
  auto locker = MariadbRawSession::open(options);
  if (!locker.ok()) {
    return serial();
  }
  std::vector<Table> tables;
  std::string lock_list;
  for (const auto& database : databases) {
    auto quoted_database = quoted_identifier(database);
    OPSDECK_TRY(quoted_database);
    auto rows = (*locker)->query("SHOW FULL TABLES FROM " + *quoted_database +
                                 " WHERE Table_type IN ('BASE TABLE', 'SYSTEM VERSIONED')");
    if (!rows.ok()) {
      return serial();
    }
    for (const auto& row : *rows) {
      if (row.empty() || !row[0]) {
        continue;
      }
      auto name = qualified(database, *row[0]);
      OPSDECK_TRY(name);
      lock_list += (lock_list.empty() ? "" : ", ") + *name + " READ";
      tables.emplace_back(database, *row[0]);
    }
  }
  if (tables.empty() || !(*locker)->run("SET SESSION lock_wait_timeout = 1").ok() ||
      !(*locker)->run("LOCK TABLES " + lock_list).ok()) {
    return serial();
  }
  auto checksummer = MariadbRawSession::open(options);
  const bool second_ready = checksummer.ok() && (*checksummer)->run(session_settings).ok() &&
                            (*checksummer)->run(kStartSnapshot).ok();
  auto started = dump.run(kStartSnapshot);
  auto unlocked = (*locker)->run("UNLOCK TABLES");
  OPSDECK_TRY(started);
  OPSDECK_TRY(unlocked);
  if (!second_ready) {
    return std::unique_ptr<SnapshotChecksums>();  // the dump's snapshot is started: checksums there
  }
  return std::unique_ptr<SnapshotChecksums>(
      new SnapshotChecksums(std::move(*checksummer), std::move(tables)));
}

SnapshotChecksums::SnapshotChecksums(std::unique_ptr<MariadbRawSession> session, std::vector<Table> tables)
    : session_(std::move(session)), tables_(std::move(tables)) {
  worker_ = std::thread([this] { run(); });
}

SnapshotChecksums::~SnapshotChecksums() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  worker_.join();
}

void SnapshotChecksums::run() {
  for (const auto& table : tables_) {
    {
      std::lock_guard lock(mutex_);
      if (stop_) {
        break;
      }
    }
    auto name = qualified(table.first, table.second);
    auto checksum = name.ok() ? checksum_table(*session_, *name)
                              : core::Result<std::optional<std::uint64_t>>(core::Unexpected{name.error()});
    std::lock_guard lock(mutex_);
    results_.emplace(table, std::move(checksum));
    changed_.notify_all();
  }
  (void)session_->run("COMMIT");
  std::lock_guard lock(mutex_);
  finished_ = true;
  changed_.notify_all();
}

std::optional<core::Result<std::optional<std::uint64_t>>> SnapshotChecksums::take(const std::string& database,
                                                                                  const std::string& table) {
  const Table key{database, table};
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return finished_ || results_.count(key) > 0; });
  auto found = results_.find(key);
  if (found == results_.end()) {
    return std::nullopt;
  }
  auto result = std::move(found->second);
  results_.erase(found);
  return result;
}

}  // namespace opsdeck::backup
