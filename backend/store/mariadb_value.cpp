// Names of the Value alternatives, shared by every message that says what a cell or bind held.
#include "backend/store/mariadb_value.hpp"

namespace opsdeck::store {

std::string_view value_type_name(const Value& value) {
  static constexpr std::string_view kNames[] = {"NULL",   "int64", "uint64",  "double",
                                                "string", "bytes", "datetime"};
  static_assert(std::size(kNames) == std::variant_size_v<Value>, "one name per Value alternative");
  return kNames[value.index()];
}

}  // namespace opsdeck::store
