// The Redis backup file: length-prefixed binary records (little-endian), streamed in both directions.
//   header  "OPSDECK-REDIS-DUMP 1\n"
//   'D' u32 db                                   following keys belong to this database
//   'K' u32 key_len key u8 type_len type i64 pttl u32 value_len value   (value = DUMP payload; pttl -1 =
//   none) 'E' u64 key_count                            end: a file without it was cut short
// A socket-free parser (bytes in, records out) so that it is testable and fuzzable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "backend/backup/mariadb/dump_file.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

inline constexpr std::string_view kRedisDumpHeader = "OPSDECK-REDIS-DUMP 1\n";

struct RedisKeyRecord {
  int db = 0;
  std::string_view key;
  std::string_view type;
  std::int64_t pttl = -1;  // milliseconds to live at dump time; -1 = no expiry
  std::string_view value;  // DUMP payload
};

class RedisDumpWriter {
 public:
  explicit RedisDumpWriter(DumpFileWriter file) : file_(std::move(file)) {}
  core::Status begin();
  core::Status select_db(int db);
  core::Status add(const RedisKeyRecord& record);
  core::Status finish();  // writes the end record, fsyncs
  std::uint64_t keys() const { return keys_; }
  std::uint64_t bytes_written() const { return file_.bytes_written(); }
  const std::string& sha256() const { return file_.sha256(); }

 private:
  DumpFileWriter file_;
  std::string record_;
  std::uint64_t keys_ = 0;
};

// Feed bytes; whole records come out through the callback. finish() fails unless the end record was read
// and its count matches.
class RedisDumpParser {
 public:
  using KeySink = std::function<core::Status(const RedisKeyRecord&)>;
  core::Status feed(std::string_view bytes, const KeySink& sink);
  core::Status finish() const;
  std::uint64_t keys() const { return keys_; }

 private:
  std::string pending_;
  bool header_seen_ = false;
  bool end_seen_ = false;
  int db_ = 0;
  std::uint64_t keys_ = 0;
};

}  // namespace opsdeck::backup
