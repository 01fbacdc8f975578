#include "backend/backup/mariadb/mariadb_dump_loader.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "backend/backup/mariadb/dump_file.hpp"
#include "backend/backup/mariadb/sql_statement_splitter.hpp"

namespace opsdeck::backup {
namespace {

class BatchRunner {
 public:
  BatchRunner(MariadbRawSession& session, const std::filesystem::path& file, std::size_t batch_bytes)
      : session_(session), file_(file), batch_bytes_(batch_bytes) {
    batch_.reserve(batch_bytes_ + (1U << 20U));
  }

  core::Status add(const SqlStatement& statement) {
    if (!batch_.empty() && batch_.size() + statement.text.size() + 2 > batch_bytes_) {
      OPSDECK_TRY(flush());
    }
    if (!batch_.empty()) {
      batch_.append(";\n");
    }
    batch_.append(statement.text);
    lines_.push_back(statement.first_line);
    return {};
  }

  core::Status flush() {
    if (batch_.empty()) {
      return {};
    }
    auto status = session_.run(batch_);
    if (!status.ok()) {
      const std::size_t failed = std::min(session_.failed_statement_index(), lines_.size() - 1);
      return core::fail(status.error().category, "the statement at line " + std::to_string(lines_[failed]) +
                                                     " of " + file_.string() +
                                                     " failed: " + status.error().message);
    }
    statements_ += lines_.size();
    batch_.clear();
    lines_.clear();
    return {};
  }

  std::uint64_t statements() const { return statements_; }

 private:
  MariadbRawSession& session_;
  const std::filesystem::path& file_;
  std::size_t batch_bytes_;
  std::string batch_;
  std::vector<std::uint64_t> lines_;
  std::uint64_t statements_ = 0;
};

}  // namespace

core::Result<LoadStatistics> load_dump_file(MariadbRawSession& session, const std::filesystem::path& file,
                                            const LoadOptions& options, core::JobContext* job) {
  auto reader = DumpFileReader::open(file);
  OPSDECK_TRY(reader);
  if (options.require_complete_marker) {
    auto complete = reader->ends_with_complete_marker();
    OPSDECK_TRY(complete);
    if (!*complete) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "the dump " + file.string() +
                            " does not end with opsdeck's completion line: it was cut short or is not an "
                            "opsdeck dump; nothing was restored from it");
    }
  }
  const std::size_t batch_bytes = std::max<std::size_t>(
      64U << 10U, std::min<std::uint64_t>(options.batch_bytes, session.max_packet_bytes() / 2));
  if (job != nullptr) {
    job->set_total(static_cast<double>(reader->size()), "bytes");
  }
  BatchRunner runner(session, file, batch_bytes);
  SqlStatementSplitter splitter;
  const StatementSink sink = [&runner](const SqlStatement& statement) { return runner.add(statement); };
  LoadStatistics statistics;
  for (;;) {
    if (job != nullptr && job->cancelled()) {
      return core::fail(core::ErrorCategory::kCancelled, "the restore was cancelled");
    }
    auto chunk = reader->next();
    OPSDECK_TRY(chunk);
    if (chunk->empty()) {
      break;
    }
    statistics.bytes += chunk->size();
    OPSDECK_TRY(splitter.feed(*chunk, sink));
    if (job != nullptr) {
      job->set_done(static_cast<double>(reader->consumed()));
    }
  }
  auto finished = splitter.finish(sink);
  if (!finished.ok()) {
    return core::fail(finished.error().category, file.string() + ": " + finished.error().message);
  }
  OPSDECK_TRY(runner.flush());
  statistics.statements = runner.statements();
  return statistics;
}

}  // namespace opsdeck::backup
