#include "backend/backup/written_file_entry.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "backend/backup/file_metadata.hpp"

namespace opsdeck::backup {

core::Result<FileEntry> written_file_entry(const std::filesystem::path& staging_dir,
                                           const std::filesystem::path& file, const std::string& sha256) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) {
    return core::fail(core::ErrorCategory::kIo, "cannot stat " + file.string() + ": " + std::strerror(errno));
  }
  FileEntry entry = entry_from_stat(file.lexically_relative(staging_dir).generic_string(), status);
  if (entry.size > 0) {
    entry.extents.push_back({0, entry.size});
  }
  entry.sha256 = sha256;
  return entry;
}

}  // namespace opsdeck::backup
