// MariadbBulkSession: a MariaDB session on the text protocol for bulk work (the backup engine's dump and
// restore): results streamed row by row with mysql_use_result (a table never sits in memory), and
// multi-statement batches for restores. Opened with the same rules as MariadbConnection (timeouts, utf8mb4,
// TLS), but the statement-by-statement MariadbConnection (prepared statements, transparent reconnect) is
// the wrong tool here: a dump lives inside one snapshot transaction, so a reconnect must be an error, never
// a retry. Public so that code outside backend/store never needs the store's internal mariadb_handle.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_options.hpp"

namespace opsdeck::store {

// How a column's text-protocol value is written back as SQL (the column's type and charset decide).
enum class ColumnValueKind {
  kNumber,  // integers, decimals, floats: the server's text as is
  kString,  // quoted and escaped (dates, text, JSON, ENUM/SET)
  kBinary,  // hex literal (binary strings, blobs, BIT, geometry)
};

struct BulkColumn {
  std::string name;
  ColumnValueKind kind = ColumnValueKind::kString;
};

// One streamed row: cells[i] is null for SQL NULL; lengths[i] is the byte length (values may contain NUL).
struct RowCells {
  const char* const* cells = nullptr;
  const unsigned long* lengths = nullptr;
};

using TextRows = std::vector<std::vector<std::optional<std::string>>>;

class MariadbBulkSession {
 public:
  // A dedicated connection; long read timeouts because one CHECKSUM TABLE or one batch may take minutes.
  static core::Result<std::unique_ptr<MariadbBulkSession>> open(const MariadbOptions& options);
  ~MariadbBulkSession();
  MariadbBulkSession(const MariadbBulkSession&) = delete;
  MariadbBulkSession& operator=(const MariadbBulkSession&) = delete;

  // Runs one statement or a batch of `;`-separated statements and consumes every result. On failure the
  // message says which statement of the batch (1-based) failed; failed_statement_index() returns it
  // (0-based).
  core::Status run(std::string_view sql);
  std::size_t failed_statement_index() const { return failed_statement_index_; }

  // A small result, held in memory (SHOW statements, CHECKSUM TABLE).
  core::Result<TextRows> query(std::string_view sql);

  // Streams a result: on_columns once, then on_row for every row while the server sends it. Either callback
  // may fail; the rest of the result is then discarded and the failure returned.
  core::Status stream(std::string_view sql,
                      const std::function<core::Status(const std::vector<BulkColumn>&)>& on_columns,
                      const std::function<core::Status(const RowCells&)>& on_row);

  // The server's limit on one statement (max_allowed_packet).
  std::uint64_t max_packet_bytes() const { return max_packet_bytes_; }
  std::string server_version() const;
  const MariadbOptions& options() const { return options_; }

  struct Handle;

 private:
  explicit MariadbBulkSession(MariadbOptions options);
  core::Unexpected fail(std::string_view doing);

  MariadbOptions options_;
  std::unique_ptr<Handle> handle_;
  std::uint64_t max_packet_bytes_ = 16U << 20U;
  std::size_t failed_statement_index_ = 0;
};

}  // namespace opsdeck::store
