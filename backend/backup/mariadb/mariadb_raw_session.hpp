// The backup engine's names for the store's bulk MariaDB session (backend/store/mariadb_bulk_session.hpp):
// a non-reconnecting text-protocol connection with multi-statement batches and streamed results.
#pragma once

#include "backend/store/mariadb_bulk_session.hpp"

namespace opsdeck::backup {

using MariadbRawSession = store::MariadbBulkSession;
using LiteralKind = store::ColumnValueKind;
using ResultColumn = store::BulkColumn;
using RowCells = store::RowCells;
using TextRows = store::TextRows;

}  // namespace opsdeck::backup
