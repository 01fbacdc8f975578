// AtomicFileSet: the files one operation writes (a key and its certificate, a CRL), made visible together or
// not at all. Each file is written to a temporary in its own directory, fsynced, then renamed into place;
// a file that must not be overwritten is renamed with RENAME_NOREPLACE so even a race cannot clobber it.
// If a later rename fails, the earlier ones are undone (replaced files come back from a hard-link backup).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "backend/core/result.hpp"

namespace opsdeck::certs {

struct PlannedFile {
  std::filesystem::path path;
  std::string contents;
  unsigned mode = 0600;
  bool replace_existing = false;  // --force, or a renewal/CRL update that replaces on purpose
};

class AtomicFileSet {
 public:
  // Paths in messages are shown relative to `display_root` when they are inside it.
  explicit AtomicFileSet(std::filesystem::path display_root) : display_root_(std::move(display_root)) {}

  void add(std::filesystem::path path, std::string contents, unsigned mode, bool replace_existing);
  // Files may be planned (for check_targets) before their contents exist; fill them in before commit.
  void set_contents(std::size_t index, std::string contents) {
    files_.at(index).contents = std::move(contents);
  }
  const std::vector<PlannedFile>& files() const { return files_; }

  // kConflict naming the first file that exists and may not be replaced ("hosts/db.crt already exists;
  // use --force to replace it"). Call before any work that writes.
  core::Status check_targets() const;
  // Writes and renames every file. The parent directories must exist. On failure nothing new is left.
  core::Status commit();

  std::string display(const std::filesystem::path& path) const;

 private:
  std::filesystem::path display_root_;
  std::vector<PlannedFile> files_;
};

}  // namespace opsdeck::certs
