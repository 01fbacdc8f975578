#include "backend/backup/redis/redis_source.hpp"

#include "backend/backup/redis/redis_backup.hpp"
#include "backend/backup/written_file_entry.hpp"

namespace opsdeck::backup {
namespace {
constexpr const char* kDumpFileName = "redis.dump";
}  // namespace

core::Result<std::uint64_t> RedisSource::estimate_bytes() {
  auto client = store::RedisClient::connect(options_.server);
  OPSDECK_TRY(client);
  auto info = (*client)->info("memory");
  OPSDECK_TRY(info);
  for (const auto& [key, value] : *info) {
    if (key == "used_memory") {
      return static_cast<std::uint64_t>(std::stoull(value));
    }
  }
  return std::uint64_t{0};
}

core::Result<ManifestFragment> RedisSource::write_into(const std::filesystem::path& staging_dir,
                                                       core::JobContext& job) {
  auto dumped = dump_redis(options_.server, staging_dir / kDumpFileName, &job);
  OPSDECK_TRY(dumped);
  ManifestFragment fragment;
  auto entry = written_file_entry(staging_dir, dumped->file, dumped->sha256);
  OPSDECK_TRY(entry);
  fragment.files.push_back(std::move(*entry));
  fragment.bytes_written = dumped->bytes;
  fragment.details = to_json(*dumped, staging_dir);
  return fragment;
}

core::Status RedisSource::restore_from(const std::filesystem::path& data_dir, const Manifest& manifest,
                                       const std::string& /*target*/, core::JobContext& job) {
  auto dump = redis_dump_from_json(manifest.content.details, data_dir);
  OPSDECK_TRY(dump);
  RedisRestoreOptions restore;
  restore.flush = options_.flush_on_restore;
  auto report = restore_redis(options_.server, dump->file, restore, &job);
  OPSDECK_TRY(report);
  job.message("restored " + std::to_string(report->restored) + " keys into " + options_.server.describe());
  return {};
}

}  // namespace opsdeck::backup
