// The data of one table as extended INSERT statements: streamed from the server row by row and written out
// whenever a statement reaches its size limit, so memory stays at one statement whatever the table's size.
#pragma once

#include <cstdint>
#include <functional>

#include "backend/backup/mariadb/dump_file.hpp"
#include "backend/backup/mariadb/mariadb_dump.hpp"
#include "backend/backup/mariadb/mariadb_table_layout.hpp"

namespace opsdeck::backup {

// Called every few thousand rows with the rows written so far; a failure (cancellation) stops the dump.
using RowProgress = std::function<core::Status(std::uint64_t rows)>;

// Returns the number of rows written.
core::Result<std::uint64_t> dump_table_rows(MariadbRawSession& session, const TableLayout& layout,
                                            DumpFileWriter& out, const MariadbDumpOptions& options,
                                            const RowProgress& progress);

}  // namespace opsdeck::backup
