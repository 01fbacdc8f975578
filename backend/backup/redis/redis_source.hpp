// RedisSource: a Redis server as a BackupSource: one length-prefixed file of every key (redis_backup.hpp);
// restore_from RESTOREs it into the server, FLUSHDB first when `flush` is set.
#pragma once

#include <string>

#include "backend/backup/backup_source.hpp"
#include "backend/store/redis_client.hpp"

namespace opsdeck::backup {

struct RedisSourceOptions {
  std::string name;  // "redis:<server>"
  store::RedisOptions server;
  bool flush_on_restore = false;
};

class RedisSource : public BackupSource {
 public:
  explicit RedisSource(RedisSourceOptions options) : options_(std::move(options)) {}

  std::string kind() const override { return "redis"; }
  std::string name() const override { return options_.name; }
  core::Result<std::uint64_t> estimate_bytes() override;  // used_memory from INFO
  core::Result<ManifestFragment> write_into(const std::filesystem::path& staging_dir,
                                            core::JobContext& job) override;
  // `target` is ignored beyond naming: keys go back into the server this source points at.
  core::Status restore_from(const std::filesystem::path& data_dir, const Manifest& manifest,
                            const std::string& target, core::JobContext& job) override;

 private:
  RedisSourceOptions options_;
};

}  // namespace opsdeck::backup
