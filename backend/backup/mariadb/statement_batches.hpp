// Groups the statements of a dump into batches for a restore that runs on several connections at once:
// rows (INSERT) may go to any connection; session settings (SET, USE) must reach every connection; schema
// statements (DROP, CREATE, ALTER, ...) run on one connection once every earlier batch is done, so rows never
// race their table's creation. Any other statement (LOCK TABLES, START TRANSACTION, SET autocommit, ...)
// cannot be split across connections: it and everything after it run in order on one connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backup/mariadb/sql_statement_splitter.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

enum class BatchKind {
  kRows,          // INSERT / REPLACE: any connection, in any order with other row batches
  kEverySession,  // SET (session variables), USE: every connection, after the batches before it
  kSchema,        // DROP, CREATE, ALTER, RENAME, TRUNCATE: one connection, after the batches before it
  kInOrder,       // anything else: one connection, and the rest of the dump stays on it
};

BatchKind classify_statement(std::string_view text);

struct StatementBatch {
  BatchKind kind = BatchKind::kRows;
  std::string sql;                   // the statements joined with ";\n"
  std::vector<std::uint64_t> lines;  // first line of each statement, for messages
};

class StatementBatcher {
 public:
  using Sink = std::function<core::Status(StatementBatch&&)>;
  // A batch holds statements of one kind and grows to about `batch_bytes` (one larger statement is alone).
  // Once a kInOrder statement was seen, every later statement is kInOrder too.
  explicit StatementBatcher(std::size_t batch_bytes) : batch_bytes_(batch_bytes) {}

  core::Status add(const SqlStatement& statement, const Sink& sink);
  core::Status flush(const Sink& sink);

 private:
  std::size_t batch_bytes_;
  bool in_order_ = false;
  StatementBatch pending_;
};

}  // namespace opsdeck::backup
