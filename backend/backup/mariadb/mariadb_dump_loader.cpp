#include "backend/backup/mariadb/mariadb_dump_loader.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "backend/backup/mariadb/dump_file.hpp"
#include "backend/backup/mariadb/mariadb_table_layout.hpp"
#include "backend/backup/mariadb/sql_statement_splitter.hpp"
#include "backend/backup/mariadb/statement_batches.hpp"

namespace opsdeck::backup {
namespace {

// Row batches waiting per connection: enough to keep every connection busy while the reader works on.
constexpr std::size_t kQueuedBatchesPerConnection = 2;

// Runs batches on a set of sessions: row batches on whichever connection is free (one thread per
// connection), everything else on the calling thread once every connection is idle. The first failure
// stops everything and is what run()/finish() return.
class SessionPool {
 public:
  SessionPool(std::vector<MariadbRawSession*> sessions, const std::filesystem::path& file)
      : sessions_(std::move(sessions)), file_(file) {
    if (sessions_.size() > 1) {
      for (MariadbRawSession* session : sessions_) {
        threads_.emplace_back([this, session] { work(*session); });
      }
    }
  }

  ~SessionPool() { stop(); }
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  core::Status run(StatementBatch&& batch) {
    if (batch.kind == BatchKind::kRows && !threads_.empty()) {
      std::unique_lock lock(mutex_);
      space_.wait(lock,
                  [&] { return failure_ || queue_.size() < kQueuedBatchesPerConnection * threads_.size(); });
      if (failure_) {
        return core::Unexpected{*failure_};
      }
      queue_.push_back(std::move(batch));
      work_.notify_one();
      return {};
    }
    OPSDECK_TRY(wait_idle());
    if (batch.kind == BatchKind::kEverySession) {
      // Counted once: the statements of the dump, not what each connection ran.
      for (std::size_t index = 0; index < sessions_.size(); ++index) {
        OPSDECK_TRY(execute(*sessions_[index], batch, index == 0));
      }
      return {};
    }
    return execute(*sessions_.front(), batch);
  }

  // Waits for every queued batch; the first failure if any.
  core::Status wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return failure_ || (queue_.empty() && busy_ == 0); });
    if (failure_) {
      return core::Unexpected{*failure_};
    }
    return {};
  }

  std::uint64_t statements() const {
    std::lock_guard lock(mutex_);
    return statements_;
  }

 private:
  core::Status execute(MariadbRawSession& session, const StatementBatch& batch, bool count = true) {
    auto status = session.run(batch.sql);
    if (!status.ok()) {
      const std::size_t failed = std::min(session.failed_statement_index(), batch.lines.size() - 1);
      auto error = core::make_error(status.error().category,
                                    "the statement at line " + std::to_string(batch.lines[failed]) + " of " +
                                        file_.string() + " failed: " + status.error().message);
      std::lock_guard lock(mutex_);
      if (!failure_) {
        failure_ = error;
      }
      space_.notify_all();
      idle_.notify_all();
      return core::Unexpected{std::move(error)};
    }
    std::lock_guard lock(mutex_);
    statements_ += count ? batch.lines.size() : 0;
    return {};
  }

  void work(MariadbRawSession& session) {
    for (;;) {
      StatementBatch batch;
      {
        std::unique_lock lock(mutex_);
        work_.wait(lock, [&] { return stopping_ || failure_ || !queue_.empty(); });
        if (stopping_ || failure_) {
          return;
        }
        batch = std::move(queue_.front());
        queue_.pop_front();
        ++busy_;
        space_.notify_one();
      }
      (void)execute(session, batch);
      std::lock_guard lock(mutex_);
      --busy_;
      if (queue_.empty() && busy_ == 0) {
        idle_.notify_all();
      }
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_.notify_all();
    for (auto& thread : threads_) {
      thread.join();
    }
    threads_.clear();
  }

  std::vector<MariadbRawSession*> sessions_;
  const std::filesystem::path& file_;
  mutable std::mutex mutex_;
  std::condition_variable work_;   // a batch was queued, or stop
  std::condition_variable space_;  // the queue has room, or a failure
  std::condition_variable idle_;   // nothing queued or running, or a failure
  std::deque<StatementBatch> queue_;
  std::size_t busy_ = 0;
  bool stopping_ = false;
  std::optional<core::Error> failure_;
  std::uint64_t statements_ = 0;
  std::vector<std::thread> threads_;
};

unsigned connection_count(const LoadOptions& options) {
  if (options.connections > 0) {
    return options.connections;
  }
  return std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
}

// Up to `count - 1` more sessions on the given session's server, in its current database. They need no
// other setup: the dump's own SET statements are sent to every connection (BatchKind::kEverySession).
core::Result<std::vector<std::unique_ptr<MariadbRawSession>>> extra_sessions(MariadbRawSession& session,
                                                                             unsigned count) {
  std::vector<std::unique_ptr<MariadbRawSession>> extra;
  if (count <= 1) {
    return extra;
  }
  auto current = session.query("SELECT DATABASE()");
  OPSDECK_TRY(current);
  std::string use;
  if (!current->empty() && !current->front().empty() && current->front()[0]) {
    auto quoted = quoted_identifier(*current->front()[0]);
    OPSDECK_TRY(quoted);
    use = "USE " + *quoted;
  }
  for (unsigned index = 1; index < count; ++index) {
    auto opened = MariadbRawSession::open(session.options());
    if (!opened.ok()) {
      break;  // max_connections reached, say: fewer connections are slower, not wrong
    }
    if (!use.empty()) {
      OPSDECK_TRY((*opened)->run(use));
    }
    extra.push_back(std::move(*opened));
  }
  return extra;
}

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
  auto extra = extra_sessions(session, connection_count(options));
  OPSDECK_TRY(extra);
  std::vector<MariadbRawSession*> sessions{&session};
  for (const auto& opened : *extra) {
    sessions.push_back(opened.get());
  }
  // Every statement commits on its own even on a server whose default is autocommit=0 (rows left in an
  // open transaction would be lost when the connection closes; the dump itself may still turn it off).
  for (MariadbRawSession* each : sessions) {
    OPSDECK_TRY(each->run("SET SESSION autocommit = 1"));
  }
  LoadStatistics statistics;
  statistics.connections = static_cast<unsigned>(sessions.size());
  SessionPool pool(sessions, file);
  StatementBatcher batcher(batch_bytes);
  const StatementBatcher::Sink run = [&pool](StatementBatch&& batch) { return pool.run(std::move(batch)); };
  SqlStatementSplitter splitter;
  const StatementSink sink = [&](const SqlStatement& statement) { return batcher.add(statement, run); };
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
  OPSDECK_TRY(batcher.flush(run));
  OPSDECK_TRY(pool.wait_idle());
  statistics.statements = pool.statements();
  return statistics;
}

}  // namespace opsdeck::backup
