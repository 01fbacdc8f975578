// Writing values as SQL literals that both opsdeck's restore and the `mariadb` client read back to the same
// bytes. The dump sets sql_mode without NO_BACKSLASH_ESCAPES, so backslash escapes are safe; binary values go
// out as hex so that no byte can be reinterpreted by a character set.
#pragma once

#include <string>
#include <string_view>

#include "backend/backup/mariadb/mariadb_raw_session.hpp"

namespace opsdeck::backup {

// 'text' with \0 \' \" \\ \n \r \Z escaped; every other byte (UTF-8 included) as is.
void append_quoted_string(std::string& out, std::string_view value);
// 0x... (lower-case hex); '' for an empty value, which a hex literal cannot express.
void append_hex_literal(std::string& out, std::string_view value);
// A value of the given kind; a number whose text is not plainly numeric is quoted instead (defensive: the
// text comes from the server, but nothing unchecked goes into SQL).
void append_literal(std::string& out, LiteralKind kind, std::string_view value);

}  // namespace opsdeck::backup
