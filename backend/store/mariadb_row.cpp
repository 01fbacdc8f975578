// Row: typed access to one result row. get<T> is defined here and instantiated for every supported T (see
// the list at the bottom), so that the conversion rules live in one place rather than in every caller.
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::store {
namespace {

template <typename T>
struct TypeName;
template <>
struct TypeName<std::int64_t> {
  static constexpr std::string_view kValue = "int64";
};
template <>
struct TypeName<std::uint64_t> {
  static constexpr std::string_view kValue = "uint64";
};
template <>
struct TypeName<double> {
  static constexpr std::string_view kValue = "double";
};
template <>
struct TypeName<std::string> {
  static constexpr std::string_view kValue = "string";
};
template <>
struct TypeName<Bytes> {
  static constexpr std::string_view kValue = "bytes";
};
template <>
struct TypeName<DateTime> {
  static constexpr std::string_view kValue = "datetime";
};
template <>
struct TypeName<bool> {
  static constexpr std::string_view kValue = "bool";
};

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Names a column in messages: "column `name` (index 2)", or only the index when there is no name.
std::string column_label(const std::vector<std::string>& columns, std::size_t index) {
  if (index < columns.size() && !columns[index].empty()) {
    return "column `" + columns[index] + "` (index " + std::to_string(index) + ")";
  }
  return "column " + std::to_string(index);
}

core::Unexpected mismatch(const std::string& label, std::string_view expected, const Value& found,
                          std::string_view detail = {}) {
  std::string message =
      label + ": expected " + std::string(expected) + ", found " + std::string(value_type_name(found));
  if (!detail.empty()) {
    message += " ";
    message += detail;
  }
  return core::fail(core::ErrorCategory::kInvalidInput, std::move(message));
}

// Converts a non-NULL-tolerant cell. Integers widen (and cross signedness when the value fits), text and
// bytes convert into each other because both are byte strings; everything else must match exactly.
template <typename T>
core::Result<T> convert(const Value& cell, const std::string& label) {
  constexpr std::string_view kExpected = TypeName<T>::kValue;
  if (std::holds_alternative<Null>(cell)) {
    return mismatch(label, kExpected, cell,
                    "(read it as std::optional<" + std::string(kExpected) + "> to accept NULL)");
  }
  if constexpr (std::is_same_v<T, std::int64_t>) {
    if (const auto* value = std::get_if<std::int64_t>(&cell)) {
      return *value;
    }
    if (const auto* value = std::get_if<std::uint64_t>(&cell)) {
      if (*value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return static_cast<std::int64_t>(*value);
      }
      return mismatch(label, kExpected, cell, std::to_string(*value) + " (out of range)");
    }
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    if (const auto* value = std::get_if<std::uint64_t>(&cell)) {
      return *value;
    }
    if (const auto* value = std::get_if<std::int64_t>(&cell)) {
      if (*value >= 0) {
        return static_cast<std::uint64_t>(*value);
      }
      return mismatch(label, kExpected, cell, std::to_string(*value) + " (out of range)");
    }
  } else if constexpr (std::is_same_v<T, double>) {
    if (const auto* value = std::get_if<double>(&cell)) {
      return *value;
    }
    if (const auto* value = std::get_if<std::int64_t>(&cell)) {
      return static_cast<double>(*value);
    }
    if (const auto* value = std::get_if<std::uint64_t>(&cell)) {
      return static_cast<double>(*value);
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    // MariaDB's BOOLEAN is TINYINT(1); like the server, any non-zero value is true.
    if (const auto* value = std::get_if<std::int64_t>(&cell)) {
      return *value != 0;
    }
    if (const auto* value = std::get_if<std::uint64_t>(&cell)) {
      return *value != 0;
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (const auto* value = std::get_if<std::string>(&cell)) {
      return *value;
    }
    if (const auto* value = std::get_if<Bytes>(&cell)) {
      return std::string(value->begin(), value->end());
    }
  } else if constexpr (std::is_same_v<T, Bytes>) {
    if (const auto* value = std::get_if<Bytes>(&cell)) {
      return *value;
    }
    if (const auto* value = std::get_if<std::string>(&cell)) {
      return Bytes(value->begin(), value->end());
    }
  } else if constexpr (std::is_same_v<T, DateTime>) {
    if (const auto* value = std::get_if<DateTime>(&cell)) {
      return *value;
    }
  }
  return mismatch(label, kExpected, cell);
}

template <typename T>
core::Result<T> read_cell(const Value& cell, const std::string& label) {
  if constexpr (IsOptional<T>::value) {
    using Inner = typename T::value_type;
    if (std::holds_alternative<Null>(cell)) {
      return T{std::nullopt};
    }
    auto inner = convert<Inner>(cell, label);
    if (!inner.ok()) {
      return core::Unexpected{inner.error()};
    }
    return T{std::move(inner).value()};
  } else {
    return convert<T>(cell, label);
  }
}

}  // namespace

Row::Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> cells)
    : columns_(std::move(columns)), cells_(std::move(cells)) {
  if (!columns_) {
    columns_ = std::make_shared<const std::vector<std::string>>();
  }
}

const Value& Row::at(std::string_view column) const {
  for (std::size_t index = 0; index < columns_->size() && index < cells_.size(); ++index) {
    if ((*columns_)[index] == column) {
      return cells_[index];
    }
  }
  throw std::out_of_range("no column named `" + std::string(column) + "` in this row");
}

bool Row::is_null(std::size_t index) const {
  return index < cells_.size() && std::holds_alternative<Null>(cells_[index]);
}

template <typename T>
core::Result<T> Row::get(std::size_t index) const {
  if (index >= cells_.size()) {
    return core::fail(core::ErrorCategory::kInvalidInput, "column index " + std::to_string(index) +
                                                              " is out of range: the row has " +
                                                              std::to_string(cells_.size()) + " columns");
  }
  return read_cell<T>(cells_[index], column_label(*columns_, index));
}

template <typename T>
core::Result<T> Row::get(std::string_view column) const {
  for (std::size_t index = 0; index < columns_->size() && index < cells_.size(); ++index) {
    if ((*columns_)[index] == column) {
      return get<T>(index);
    }
  }
  std::string known;
  for (const auto& name : *columns_) {
    known += known.empty() ? "" : ", ";
    known += name;
  }
  return core::fail(core::ErrorCategory::kNotFound,
                    "no column named `" + std::string(column) + "` in the result (columns: " + known + ")");
}

// Every T that Row::get supports; another type is a link error, on purpose.
#define OPSDECK_ROW_GET(T)                                                               \
  template core::Result<T> Row::get<T>(std::size_t) const;                               \
  template core::Result<T> Row::get<T>(std::string_view) const;                          \
  template core::Result<std::optional<T>> Row::get<std::optional<T>>(std::size_t) const; \
  template core::Result<std::optional<T>> Row::get<std::optional<T>>(std::string_view) const;

OPSDECK_ROW_GET(std::int64_t)
OPSDECK_ROW_GET(std::uint64_t)
OPSDECK_ROW_GET(double)
OPSDECK_ROW_GET(std::string)
OPSDECK_ROW_GET(Bytes)
OPSDECK_ROW_GET(DateTime)
OPSDECK_ROW_GET(bool)

#undef OPSDECK_ROW_GET

}  // namespace opsdeck::store
