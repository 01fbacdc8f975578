// What a database backup holds, read from its manifest's source details (the MariaDB part: databases and
// their tables with row counts; the Redis part: key counts per database and per type), as text for the
// Backups view's table and restore preview. Directory backups have no details: their files are the content.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backend/backup/backup_manifest.hpp"

namespace opsdeck::backup {

// "2 databases, 7 tables, 1,204 rows"; "3,120 keys"; empty for directory backups or unknown details.
std::string summarize_contents(const Manifest& manifest);
// One line per database and table ("shop.orders  table  1,204 rows") or per Redis database and key type
// ("db 0  2,000 keys"); empty when the manifest has no such details.
std::vector<std::string> describe_contents(const Manifest& manifest);

// "1,204": digits grouped by thousands.
std::string group_thousands(std::uint64_t value);

}  // namespace opsdeck::backup
