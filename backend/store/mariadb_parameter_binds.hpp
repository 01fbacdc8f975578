// Internal to backend/store: Values turned into the MYSQL_BIND array that mysql_stmt_bind_param() reads.
#pragma once

#include <mysql.h>

#include <vector>

#include "backend/store/mariadb_value.hpp"

namespace opsdeck::store {

// Points into `values` for text and blobs (no copy) and into its own storage for numbers and date-times, so
// both `values` and this object must outlive mysql_stmt_execute().
class ParameterBinds {
 public:
  explicit ParameterBinds(const std::vector<Value>& values);
  ParameterBinds(const ParameterBinds&) = delete;
  ParameterBinds& operator=(const ParameterBinds&) = delete;

  MYSQL_BIND* data() { return binds_.empty() ? nullptr : binds_.data(); }

 private:
  struct Storage {
    long long integer = 0;
    double number = 0.0;
    MYSQL_TIME time{};
    unsigned long length = 0;
  };
  std::vector<Storage> storage_;  // sized once in the constructor: the binds point into it
  std::vector<MYSQL_BIND> binds_;
};

}  // namespace opsdeck::store
