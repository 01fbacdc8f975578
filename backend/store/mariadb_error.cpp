// Error-code rules for MariaDB. Codes are spelled out rather than taken from <mysqld_error.h> so that the
// header stays free of the C client; the names are in the comments.
#include "backend/store/mariadb_error.hpp"

namespace opsdeck::store {
namespace {

constexpr unsigned kServerShutdown = 1053;         // ER_SERVER_SHUTDOWN
constexpr unsigned kConnectionKilled = 1927;       // ER_CONNECTION_KILLED
constexpr unsigned kClientConnectionError = 2002;  // CR_CONNECTION_ERROR (unix socket refused/missing)
constexpr unsigned kClientHostError = 2003;        // CR_CONN_HOST_ERROR
constexpr unsigned kUnknownHost = 2005;            // CR_UNKNOWN_HOST
constexpr unsigned kServerGone = 2006;             // CR_SERVER_GONE_ERROR
constexpr unsigned kServerLost = 2013;             // CR_SERVER_LOST
constexpr unsigned kServerLostExtended = 2055;     // CR_SERVER_LOST_EXTENDED

}  // namespace

bool is_server_gone_error(unsigned code) {
  return code == kServerGone || code == kServerLost || code == kServerLostExtended ||
         code == kConnectionKilled || code == kServerShutdown;
}

core::ErrorCategory mariadb_error_category(unsigned code) {
  using core::ErrorCategory;
  if (is_server_gone_error(code) || code == kClientConnectionError || code == kClientHostError ||
      code == kUnknownHost) {
    return ErrorCategory::kUnavailable;
  }
  switch (code) {
    case 1022:  // ER_DUP_KEY
    case 1062:  // ER_DUP_ENTRY
    case 1050:  // ER_TABLE_EXISTS_ERROR
    case 1007:  // ER_DB_CREATE_EXISTS
    case 1213:  // ER_LOCK_DEADLOCK
    case 1451:  // ER_ROW_IS_REFERENCED_2
    case 1452:  // ER_NO_REFERENCED_ROW_2
      return ErrorCategory::kConflict;
    case 1049:  // ER_BAD_DB_ERROR
    case 1051:  // ER_BAD_TABLE_ERROR
    case 1054:  // ER_BAD_FIELD_ERROR
    case 1146:  // ER_NO_SUCH_TABLE
    case 1305:  // ER_SP_DOES_NOT_EXIST
      return ErrorCategory::kNotFound;
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
    case 1969:  // ER_STATEMENT_TIMEOUT
      return ErrorCategory::kTimeout;
    case 1317:  // ER_QUERY_INTERRUPTED
      return ErrorCategory::kCancelled;
    default:
      break;
  }
  // Other client-side errors (2000-2999, 5000+) are about the exchange itself; server errors are about
  // what we sent: a bad statement, a bad value, missing privileges.
  if ((code >= 2000 && code < 3000) || code >= 5000) {
    return ErrorCategory::kProtocol;
  }
  return ErrorCategory::kInvalidInput;
}

}  // namespace opsdeck::store
