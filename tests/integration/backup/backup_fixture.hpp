// Shared by the backup integration tests: runs the real opsdeck binary, makes files, hashes trees, and an
// LMDB writer child that keeps committing to two databases of one environment in one transaction.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "backend/core/process.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup::testing {

struct CliRun {
  int exit_code = -1;
  std::string output;
  nlohmann::json json() const;  // the output parsed (discarded value when it is not JSON)
};

class BackupTest : public ::testing::Test {
 protected:
  std::filesystem::path dir(const std::string& name) const { return temporary_.path() / name; }
  // `opsdeck --state-dir <tmp>/state ARGS...`, at most two minutes.
  CliRun opsdeck(const std::vector<std::string>& arguments) const;
  // Spawns opsdeck without waiting (for the kill test).
  core::ChildProcess spawn_opsdeck(const std::vector<std::string>& arguments) const;

  opsdeck::testing::TemporaryDirectory temporary_;
};

void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);
// Every file, symlink and directory under `root`: relative path -> "type:mode:content-or-target".
std::map<std::string, std::string> snapshot_tree(const std::filesystem::path& root);

// The child writes, in one transaction per step: "a"[k] = v and "b"[k] = v for a new key k, and "counter" = n
// in both databases; after each commit it stores n in <env>/../writer.progress.
class LmdbWriter {
 public:
  explicit LmdbWriter(std::filesystem::path environment);
  ~LmdbWriter();
  pid_t pid() const { return pid_; }
  // The last committed counter as reported by the child (0 before the first commit).
  std::uint64_t committed() const;
  // Blocks (bounded) until at least `count` commits happened.
  bool wait_for_commits(std::uint64_t count) const;
  void stop();

 private:
  std::filesystem::path environment_;
  pid_t pid_ = -1;
};

struct LmdbContents {
  std::map<std::string, std::string> a;
  std::map<std::string, std::string> b;
};
// Reads both databases of an environment written by LmdbWriter (fails the test when it does not open).
LmdbContents read_lmdb_contents(const std::filesystem::path& environment);

}  // namespace opsdeck::backup::testing
