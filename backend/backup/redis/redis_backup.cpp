#include "backend/backup/redis/redis_backup.hpp"

#include <memory>
#include <utility>
#include <vector>

#include "backend/backup/redis/redis_dump_file.hpp"

namespace opsdeck::backup {
namespace {

constexpr std::string_view kScanCount = "1000";

core::Unexpected refused(const store::RedisOptions& options, const std::string& what,
                         const std::string& reply) {
  return core::fail(core::ErrorCategory::kProtocol,
                    "redis at " + options.describe() + ": " + what + ": " + reply);
}

core::Status not_cancelled(core::JobContext* job) {
  if (job != nullptr && job->cancelled()) {
    return core::fail(core::ErrorCategory::kCancelled, "the Redis backup or restore was cancelled");
  }
  return {};
}

// Databases with keys, from INFO keyspace ("db3" -> "keys=10,expires=2,avg_ttl=0").
core::Result<std::map<int, std::uint64_t>> keyspace(store::RedisClient& client) {
  auto info = client.info("keyspace");
  OPSDECK_TRY(info);
  std::map<int, std::uint64_t> databases;
  for (const auto& [name, value] : *info) {
    if (name.starts_with("db") && value.starts_with("keys=")) {
      databases[std::stoi(name.substr(2))] = std::stoull(value.substr(5));
    }
  }
  return databases;
}

core::Status dump_database(const store::RedisOptions& options, int db, RedisDumpWriter& writer,
                           RedisDumpResult& result, core::JobContext* job) {
  store::RedisOptions for_db = options;
  for_db.db = db;
  auto client = store::RedisClient::connect(for_db);
  OPSDECK_TRY(client);
  OPSDECK_TRY(writer.select_db(db));
  std::string cursor = "0";
  do {
    OPSDECK_TRY(not_cancelled(job));
    auto scan = (*client)->command({"SCAN", cursor, "COUNT", std::string(kScanCount)});
    OPSDECK_TRY(scan);
    if (scan->is_error() || scan->items.size() != 2) {
      return refused(for_db, "SCAN", scan->is_error() ? scan->text : "an unexpected reply");
    }
    cursor = scan->items[0].text;
    const auto& keys = scan->items[1].items;
    std::vector<store::RedisCommand> commands;
    commands.reserve(keys.size() * 3);
    for (const auto& key : keys) {
      commands.push_back({"TYPE", key.text});
      commands.push_back({"PTTL", key.text});
      commands.push_back({"DUMP", key.text});
    }
    auto replies = (*client)->pipeline(commands);
    OPSDECK_TRY(replies);
    for (std::size_t index = 0; index < keys.size(); ++index) {
      const auto& type = (*replies)[index * 3];
      const auto& pttl = (*replies)[index * 3 + 1];
      const auto& payload = (*replies)[index * 3 + 2];
      if (type.is_error() || pttl.is_error() || payload.is_error()) {
        return refused(for_db, "reading a key",
                       type.is_error() ? type.text : (pttl.is_error() ? pttl.text : payload.text));
      }
      // Gone between SCAN and DUMP (deleted or expired): not part of the backup.
      if (payload.kind == store::RedisReply::Kind::kNil || pttl.integer == -2) {
        continue;
      }
      OPSDECK_TRY(writer.add({db, keys[index].text, type.text, pttl.integer, payload.text}));
      ++result.keys_per_db[db];
      ++result.keys_per_type[type.text];
    }
    if (job != nullptr) {
      job->set_done(static_cast<double>(writer.keys()));
    }
  } while (cursor != "0");
  return {};
}

}  // namespace

std::uint64_t RedisDumpResult::total_keys() const {
  std::uint64_t total = 0;
  for (const auto& [db, keys] : keys_per_db) {
    total += keys;
  }
  return total;
}

core::Result<RedisDumpResult> dump_redis(const store::RedisOptions& options,
                                         const std::filesystem::path& file, core::JobContext* job) {
  auto client = store::RedisClient::connect(options);
  OPSDECK_TRY(client);
  auto databases = keyspace(**client);
  OPSDECK_TRY(databases);
  if (job != nullptr) {
    double total = 0;
    for (const auto& [db, keys] : *databases) {
      total += static_cast<double>(keys);
    }
    job->set_total(total, "keys");
  }
  auto out = DumpFileWriter::create(file);
  OPSDECK_TRY(out);
  RedisDumpWriter writer(std::move(*out));
  OPSDECK_TRY(writer.begin());
  RedisDumpResult result;
  result.server = options.describe();
  result.file = file;
  for (const auto& [db, keys] : *databases) {
    OPSDECK_TRY(dump_database(options, db, writer, result, job));
  }
  OPSDECK_TRY(writer.finish());
  result.bytes = writer.bytes_written();
  result.sha256 = writer.sha256();
  return result;
}

namespace {

// Restores records database by database, a pipeline of RESTOREs at a time.
class RestoreBatcher {
 public:
  RestoreBatcher(const store::RedisOptions& options, const RedisRestoreOptions& restore_options,
                 RedisRestoreReport& report)
      : options_(options), restore_options_(restore_options), report_(report) {}

  core::Status add(const RedisKeyRecord& record) {
    if (!client_ || record.db != db_) {
      OPSDECK_TRY(flush());
      OPSDECK_TRY(switch_to(record.db));
    }
    const std::int64_t ttl = record.pttl > 0 ? record.pttl : 0;
    commands_.push_back(
        {"RESTORE", std::string(record.key), std::to_string(ttl), std::string(record.value), "REPLACE"});
    if (commands_.size() >= restore_options_.batch_keys) {
      return flush();
    }
    return {};
  }

  core::Status flush() {
    if (commands_.empty()) {
      return {};
    }
    auto replies = client_->pipeline(commands_);
    OPSDECK_TRY(replies);
    for (std::size_t index = 0; index < replies->size(); ++index) {
      if ((*replies)[index].is_error()) {
        return refused(client_->options(),
                       "RESTORE of key " + std::to_string(report_.restored + index + 1) + " of the backup",
                       (*replies)[index].text);
      }
    }
    report_.restored += replies->size();
    report_.keys_per_db[db_] += replies->size();
    commands_.clear();
    return {};
  }

 private:
  core::Status switch_to(int db) {
    store::RedisOptions for_db = options_;
    for_db.db = db;
    auto client = store::RedisClient::connect(for_db);
    OPSDECK_TRY(client);
    client_ = std::move(*client);
    db_ = db;
    if (restore_options_.flush) {
      auto flushed = client_->command({"FLUSHDB"});
      OPSDECK_TRY(flushed);
      if (flushed->is_error()) {
        return refused(for_db, "FLUSHDB", flushed->text);
      }
    }
    return {};
  }

  const store::RedisOptions& options_;
  const RedisRestoreOptions& restore_options_;
  RedisRestoreReport& report_;
  std::unique_ptr<store::RedisClient> client_;
  int db_ = -1;
  std::vector<store::RedisCommand> commands_;
};

}  // namespace

core::Result<RedisRestoreReport> restore_redis(const store::RedisOptions& options,
                                               const std::filesystem::path& file,
                                               const RedisRestoreOptions& restore_options,
                                               core::JobContext* job) {
  // Checked whole before the first RESTORE (and before any FLUSHDB): a cut-short file changes nothing.
  {
    auto reader = DumpFileReader::open(file);
    OPSDECK_TRY(reader);
    RedisDumpParser parser;
    const RedisDumpParser::KeySink ignore = [](const RedisKeyRecord&) -> core::Status { return {}; };
    for (;;) {
      auto chunk = reader->next();
      OPSDECK_TRY(chunk);
      if (chunk->empty()) {
        break;
      }
      OPSDECK_TRY(parser.feed(*chunk, ignore));
    }
    auto complete = parser.finish();
    if (!complete.ok()) {
      return core::fail(complete.error().category,
                        file.string() + ": " + complete.error().message + "; nothing was restored");
    }
    if (job != nullptr) {
      job->set_total(static_cast<double>(parser.keys()), "keys");
    }
  }
  auto reader = DumpFileReader::open(file);
  OPSDECK_TRY(reader);
  RedisRestoreReport report;
  RestoreBatcher batcher(options, restore_options, report);
  RedisDumpParser parser;
  const RedisDumpParser::KeySink sink = [&batcher](const RedisKeyRecord& record) {
    return batcher.add(record);
  };
  for (;;) {
    OPSDECK_TRY(not_cancelled(job));
    auto chunk = reader->next();
    OPSDECK_TRY(chunk);
    if (chunk->empty()) {
      break;
    }
    OPSDECK_TRY(parser.feed(*chunk, sink));
    if (job != nullptr) {
      job->set_done(static_cast<double>(report.restored));
    }
  }
  OPSDECK_TRY(parser.finish());
  OPSDECK_TRY(batcher.flush());
  return report;
}

}  // namespace opsdeck::backup
