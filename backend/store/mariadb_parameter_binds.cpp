// ParameterBinds: one MYSQL_BIND per Value, typed so that the server receives the value in binary form
// (no text round trip for numbers, no escaping for text or blobs).
#include "backend/store/mariadb_parameter_binds.hpp"

#include <cstring>
#include <type_traits>

namespace opsdeck::store {
namespace {

// Connector/C may treat a null buffer as SQL NULL, so an empty blob points here instead.
char empty_buffer[1] = {0};

}  // namespace

ParameterBinds::ParameterBinds(const std::vector<Value>& values)
    : storage_(values.size()), binds_(values.size()) {
  for (std::size_t index = 0; index < values.size(); ++index) {
    MYSQL_BIND& bind = binds_[index];
    Storage& storage = storage_[index];
    std::memset(&bind, 0, sizeof(bind));
    std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, Null>) {
            bind.buffer_type = MYSQL_TYPE_NULL;
          } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>) {
            std::memcpy(&storage.integer, &value, sizeof(value));
            bind.buffer_type = MYSQL_TYPE_LONGLONG;
            bind.buffer = &storage.integer;
            bind.is_unsigned = std::is_same_v<T, std::uint64_t> ? 1 : 0;
          } else if constexpr (std::is_same_v<T, double>) {
            storage.number = value;
            bind.buffer_type = MYSQL_TYPE_DOUBLE;
            bind.buffer = &storage.number;
          } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, Bytes>) {
            // MYSQL_BIND::buffer is not const, but the client only reads parameter buffers.
            void* data = value.empty() ? static_cast<void*>(empty_buffer)
                                       : const_cast<void*>(static_cast<const void*>(value.data()));
            storage.length = static_cast<unsigned long>(value.size());
            bind.buffer_type = std::is_same_v<T, Bytes> ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
            bind.buffer = data;
            bind.buffer_length = storage.length;
            bind.length = &storage.length;
          } else if constexpr (std::is_same_v<T, DateTime>) {
            storage.time.year = static_cast<unsigned>(value.year);
            storage.time.month = static_cast<unsigned>(value.month);
            storage.time.day = static_cast<unsigned>(value.day);
            storage.time.hour = static_cast<unsigned>(value.hour);
            storage.time.minute = static_cast<unsigned>(value.minute);
            storage.time.second = static_cast<unsigned>(value.second);
            storage.time.second_part = value.microsecond;
            storage.time.time_type = MYSQL_TIMESTAMP_DATETIME;
            bind.buffer_type = MYSQL_TYPE_DATETIME;
            bind.buffer = &storage.time;
            bind.buffer_length = sizeof(storage.time);
          }
        },
        values[index]);
  }
}

}  // namespace opsdeck::store
