// CHECKSUM TABLE of the dumped tables, computed on a second connection while the dump streams rows on the
// first (a checksum is a full scan: done one after the other they add about a third to a dump's time).
// Both connections must see the same data, so their snapshots are started while a third connection holds
// `LOCK TABLES ... READ` on those tables: no commit to them can fall between the two snapshots. The lock is
// held for the milliseconds it takes to start two transactions (writers to those tables wait that long), and
// is given up after one second (lock_wait_timeout) when a long transaction writes to one of them; then, and
// when the server refuses the lock or the second connection, the checksums are taken on the dump's own
// connection inside its snapshot, one after the other, as before.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "backend/backup/mariadb/mariadb_raw_session.hpp"
#include "backend/core/result.hpp"
#include "backend/store/mariadb_options.hpp"

namespace opsdeck::backup {

class SnapshotChecksums {
 public:
  // Starts the snapshot of `dump` (a session with its settings applied and no transaction yet). Returns the
  // running checksum worker, or nullptr when the checksums must be taken on `dump` itself.
  static core::Result<std::unique_ptr<SnapshotChecksums>> start(const store::MariadbOptions& options,
                                                                MariadbRawSession& dump,
                                                                const std::vector<std::string>& databases,
                                                                std::string_view session_settings);
  ~SnapshotChecksums();  // stops after the table being checksummed and joins
  SnapshotChecksums(const SnapshotChecksums&) = delete;
  SnapshotChecksums& operator=(const SnapshotChecksums&) = delete;

  // The checksum of `database`.`table`, waiting for the worker; nullopt when the worker does not have it
  // (a table created since the list was taken): the caller takes it on the dump's connection.
  std::optional<core::Result<std::optional<std::uint64_t>>> take(const std::string& database,
                                                                 const std::string& table);

 private:
  using Table = std::pair<std::string, std::string>;  // database, table
  SnapshotChecksums(std::unique_ptr<MariadbRawSession> session, std::vector<Table> tables);
  void run();

  std::unique_ptr<MariadbRawSession> session_;
  std::vector<Table> tables_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<Table, core::Result<std::optional<std::uint64_t>>> results_;
  bool finished_ = false;
  bool stop_ = false;
  std::thread worker_;
};

// CHECKSUM TABLE <quoted> on `session`: nullopt when the engine has no checksum.
core::Result<std::optional<std::uint64_t>> checksum_table(MariadbRawSession& session,
                                                          const std::string& quoted);

}  // namespace opsdeck::backup
