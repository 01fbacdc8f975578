// Redis backup and restore: every key of every database with its type, DUMP payload and remaining TTL, read
// with SCAN (COUNT 1000) and pipelined TYPE/PTTL/DUMP, so the server is never blocked the way KEYS blocks it.
// SCAN is not a snapshot: a key changed during the backup is saved in one of its states, and keys added or
// removed meanwhile may or may not be included. Restore uses RESTORE key ttl payload REPLACE, pipelined; TTLs
// are kept relative (a key with 60 s left at backup time gets 60 s again).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "backend/core/job_runner.hpp"
#include "backend/core/result.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::backup {

struct RedisDumpResult {
  std::string server;
  std::filesystem::path file;
  std::uint64_t bytes = 0;
  std::string sha256;
  std::map<int, std::uint64_t> keys_per_db;
  std::map<std::string, std::uint64_t> keys_per_type;
  std::uint64_t total_keys() const;
};

nlohmann::json to_json(const RedisDumpResult& result, const std::filesystem::path& relative_to);
core::Result<RedisDumpResult> redis_dump_from_json(const nlohmann::json& fragment,
                                                   const std::filesystem::path& base_dir);

// Writes every key of every non-empty database (INFO keyspace) into `file` (created 0600, fsynced).
core::Result<RedisDumpResult> dump_redis(const store::RedisOptions& options,
                                         const std::filesystem::path& file, core::JobContext* job);

struct RedisRestoreOptions {
  bool flush = false;  // FLUSHDB every database in the backup before restoring into it
  std::size_t batch_keys = 1000;
};

struct RedisRestoreReport {
  std::uint64_t restored = 0;
  std::map<int, std::uint64_t> keys_per_db;
};

core::Result<RedisRestoreReport> restore_redis(const store::RedisOptions& options,
                                               const std::filesystem::path& file,
                                               const RedisRestoreOptions& restore_options,
                                               core::JobContext* job);

}  // namespace opsdeck::backup
