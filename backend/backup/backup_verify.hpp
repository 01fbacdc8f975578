// `backup verify`: checks a backup against its manifest. Always: every listed file exists with its type,
// size and symlink target, and nothing unlisted is in the data directory. With read_data: every regular
// file's SHA-256 over its recorded extents (reading only those) and that it holds no data outside them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backend/backup/backup_repository.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::backup {

struct VerifyReport {
  std::string id;
  std::size_t files_checked = 0;
  std::uint64_t bytes_read = 0;
  bool read_data = false;
  std::vector<std::string> problems;  // one line each, naming the file
  bool ok() const { return problems.empty(); }
};

core::Result<VerifyReport> verify_backup(const BackupInfo& backup, bool read_data, unsigned workers,
                                         core::JobContext& job);

}  // namespace opsdeck::backup
