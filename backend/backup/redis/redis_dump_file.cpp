#include "backend/backup/redis/redis_dump_file.hpp"

#include <cstring>

namespace opsdeck::backup {
namespace {

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

// A cursor over pending bytes; every read reports whether enough bytes were there.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool read(T& value) {
    if (bytes_.size() - offset_ < sizeof(T)) {
      return false;
    }
    std::memcpy(&value, bytes_.data() + offset_, sizeof(T));
    offset_ += sizeof(T);
    return true;
  }
  bool read(std::string_view& value, std::size_t length) {
    if (bytes_.size() - offset_ < length) {
      return false;
    }
    value = bytes_.substr(offset_, length);
    offset_ += length;
    return true;
  }
  std::size_t offset() const { return offset_; }

 private:
  std::string_view bytes_;
  std::size_t offset_ = 0;
};

core::Unexpected malformed(const std::string& what) {
  return core::fail(core::ErrorCategory::kInvalidInput, "the Redis backup file is malformed: " + what);
}

}  // namespace

core::Status RedisDumpWriter::begin() {
  return file_.write(kRedisDumpHeader);
}

core::Status RedisDumpWriter::select_db(int db) {
  record_.clear();
  record_.push_back('D');
  put(record_, static_cast<std::uint32_t>(db));
  return file_.write(record_);
}

core::Status RedisDumpWriter::add(const RedisKeyRecord& record) {
  record_.clear();
  record_.push_back('K');
  put(record_, static_cast<std::uint32_t>(record.key.size()));
  record_.append(record.key);
  put(record_, static_cast<std::uint8_t>(record.type.size()));
  record_.append(record.type.substr(0, 255));
  put(record_, record.pttl);
  put(record_, static_cast<std::uint32_t>(record.value.size()));
  record_.append(record.value);
  ++keys_;
  return file_.write(record_);
}

core::Status RedisDumpWriter::finish() {
  record_.clear();
  record_.push_back('E');
  put(record_, keys_);
  OPSDECK_TRY(file_.write(record_));
  return file_.finish();
}

core::Status RedisDumpParser::feed(std::string_view bytes, const KeySink& sink) {
  pending_.append(bytes);
  Cursor cursor(pending_);
  std::size_t consumed = 0;
  if (!header_seen_) {
    if (pending_.size() < kRedisDumpHeader.size()) {
      return {};
    }
    if (std::string_view(pending_).substr(0, kRedisDumpHeader.size()) != kRedisDumpHeader) {
      return malformed("it does not start with the opsdeck Redis header");
    }
    std::string_view skipped;
    cursor.read(skipped, kRedisDumpHeader.size());
    consumed = cursor.offset();
    header_seen_ = true;
  }
  for (;;) {
    char tag = 0;
    if (!cursor.read(tag)) {
      break;
    }
    if (end_seen_) {
      return malformed("bytes follow the end record");
    }
    if (tag == 'D') {
      std::uint32_t db = 0;
      if (!cursor.read(db)) {
        break;
      }
      db_ = static_cast<int>(db);
    } else if (tag == 'E') {
      std::uint64_t count = 0;
      if (!cursor.read(count)) {
        break;
      }
      if (count != keys_) {
        return malformed("the end record counts " + std::to_string(count) + " keys, the file holds " +
                         std::to_string(keys_));
      }
      end_seen_ = true;
    } else if (tag == 'K') {
      RedisKeyRecord record;
      record.db = db_;
      std::uint32_t key_length = 0;
      std::uint8_t type_length = 0;
      std::uint32_t value_length = 0;
      if (!cursor.read(key_length) || !cursor.read(record.key, key_length) || !cursor.read(type_length) ||
          !cursor.read(record.type, type_length) || !cursor.read(record.pttl) || !cursor.read(value_length) ||
          !cursor.read(record.value, value_length)) {
        break;
      }
      ++keys_;
      OPSDECK_TRY(sink(record));
    } else {
      return malformed("unknown record tag " + std::to_string(static_cast<int>(tag)) + " after " +
                       std::to_string(keys_) + " keys");
    }
    consumed = cursor.offset();
  }
  pending_.erase(0, consumed);
  return {};
}

core::Status RedisDumpParser::finish() const {
  if (!header_seen_) {
    return malformed("it is empty or shorter than its header");
  }
  if (!end_seen_ || !pending_.empty()) {
    return malformed("it was cut short after " + std::to_string(keys_) + " keys (no end record)");
  }
  return {};
}

}  // namespace opsdeck::backup
