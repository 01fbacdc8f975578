// Values that travel through prepared statements: one variant for binds and for result cells.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace opsdeck::store {

struct Null {
  friend bool operator==(Null, Null) = default;
};

// DATE, DATETIME and TIMESTAMP, without time zone (MariaDB stores them as given).
struct DateTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  unsigned long microsecond = 0;
  friend bool operator==(const DateTime&, const DateTime&) = default;
};

using Bytes = std::vector<std::uint8_t>;

// Binds and cells: NULL, signed and unsigned 64-bit integers, double, text, binary blobs, date-times.
using Value = std::variant<Null, std::int64_t, std::uint64_t, double, std::string, Bytes, DateTime>;

// "NULL", "int64", "uint64", "double", "string", "bytes" or "datetime": the names used in error messages.
std::string_view value_type_name(const Value& value);

}  // namespace opsdeck::store
