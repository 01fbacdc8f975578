// Internal to backend/store: reads what an executed prepared statement produced (rows, or affected rows and
// the insert id) into a QueryResult of typed Values.
#pragma once

#include <mysql.h>

#include <string_view>

#include "backend/store/mariadb_handle.hpp"

namespace opsdeck::store {

// Column types map to Values as follows: integers to int64 or uint64 (by UNSIGNED_FLAG; BIT as uint64),
// FLOAT/DOUBLE to double, DECIMAL and TIME to text, DATE/DATETIME/TIMESTAMP to DateTime, binary-charset
// (63) strings and blobs to Bytes, other strings to text, NULL to Null.
core::Result<QueryResult> read_statement_result(MYSQL_STMT* statement, MariadbConnection::Handle& connection,
                                                const MariadbOptions& options, std::string_view sql);

}  // namespace opsdeck::store
