// Shared by the backup integration tests: runs the real opsdeck binary, makes files, hashes trees, and an
// LMDB writer child that keeps committing to two databases of one environment in one transaction.
#pragma once

#include <lmdb.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "backend/core/process.hpp"
#include "tests/support/source_tree.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup::testing {

namespace fs = std::filesystem;

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

// Implementation (header-only: the test glob compiles *_test.cpp files).

namespace detail {

inline std::filesystem::path opsdeck_binary() {
  return opsdeck::testing::binary_dir() / "tui" / "opsdeck";
}

inline std::string text_of(const MDB_val& value) {
  return {static_cast<const char*>(value.mv_data), value.mv_size};
}

// The child's whole life: commit forever until killed. Only async-signal-safe exits.
[[noreturn]] inline void write_forever(const fs::path& environment) {
  MDB_env* env = nullptr;
  if (mdb_env_create(&env) != 0) {
    _exit(10);
  }
  mdb_env_set_maxdbs(env, 4);
  mdb_env_set_mapsize(env, 256ull << 20);
  if (mdb_env_open(env, environment.c_str(), 0, 0644) != 0) {
    _exit(11);
  }
  const fs::path progress = environment.parent_path() / "writer.progress";
  const std::string padding(200, 'x');
  for (std::uint64_t counter = 1;; ++counter) {
    MDB_txn* txn = nullptr;
    MDB_dbi a = 0, b = 0;
    if (mdb_txn_begin(env, nullptr, 0, &txn) != 0 || mdb_dbi_open(txn, "a", MDB_CREATE, &a) != 0 ||
        mdb_dbi_open(txn, "b", MDB_CREATE, &b) != 0) {
      _exit(12);
    }
    char key[32];
    std::snprintf(key, sizeof key, "key-%012llu", static_cast<unsigned long long>(counter));
    const std::string value = std::to_string(counter) + padding;
    const std::string count = std::to_string(counter);
    MDB_val key_value{std::strlen(key), key};
    MDB_val data{value.size(), const_cast<char*>(value.data())};
    MDB_val counter_key{7, const_cast<char*>("counter")};
    MDB_val counter_value{count.size(), const_cast<char*>(count.data())};
    if (mdb_put(txn, a, &key_value, &data, 0) != 0 || mdb_put(txn, b, &key_value, &data, 0) != 0 ||
        mdb_put(txn, a, &counter_key, &counter_value, 0) != 0 ||
        mdb_put(txn, b, &counter_key, &counter_value, 0) != 0 || mdb_txn_commit(txn) != 0) {
      _exit(13);
    }
    const fs::path temporary = progress.string() + ".tmp";
    {
      std::ofstream out(temporary);
      out << counter;
    }
    ::rename(temporary.c_str(), progress.c_str());
  }
}

// An empty configuration file, so a developer's own config never reaches the tests.
inline fs::path empty_config(const fs::path& directory) {
  const fs::path path = directory / "config.json";
  if (!fs::exists(path)) {
    std::ofstream(path) << "{}\n";
  }
  return path;
}

}  // namespace detail

inline nlohmann::json CliRun::json() const {
  // Progress goes to stderr only on a terminal; the JSON document is the whole output.
  return nlohmann::json::parse(output, nullptr, false);
}

inline CliRun BackupTest::opsdeck(const std::vector<std::string>& arguments) const {
  core::SpawnOptions options;
  options.argv = {detail::opsdeck_binary().string(), "--state-dir", (temporary_.path() / "state").string()};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  options.environment = {{"OPSDECK_CONFIG", detail::empty_config(temporary_.path()).string()}};
  auto run = core::run_and_capture(options, std::chrono::minutes(2));
  if (!run.ok()) {
    ADD_FAILURE() << run.error().describe();
    return {};
  }
  return {run->status.signal == 0 ? run->status.code : 128 + run->status.signal, run->output};
}

inline core::ChildProcess BackupTest::spawn_opsdeck(const std::vector<std::string>& arguments) const {
  core::SpawnOptions options;
  options.argv = {detail::opsdeck_binary().string(), "--state-dir", (temporary_.path() / "state").string()};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  options.environment = {{"OPSDECK_CONFIG", detail::empty_config(temporary_.path()).string()}};
  options.stdout_target = core::OutputTarget::null();
  options.stderr_target = core::OutputTarget::null();
  auto child = core::ChildProcess::spawn(options);
  EXPECT_TRUE(child.ok());
  return std::move(*child);
}

inline void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::map<std::string, std::string> snapshot_tree(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    struct stat status {};
    ::lstat(it->path().c_str(), &status);
    const std::string relative = fs::relative(it->path(), root).generic_string();
    const std::string mode = std::to_string(status.st_mode & 07777);
    if (S_ISLNK(status.st_mode)) {
      tree[relative] = "symlink:" + fs::read_symlink(it->path()).string();
    } else if (S_ISDIR(status.st_mode)) {
      tree[relative] = "dir:" + mode;
    } else {
      tree[relative] = "file:" + mode + ":" + read_file(it->path());
    }
  }
  return tree;
}

inline LmdbWriter::LmdbWriter(fs::path environment) : environment_(std::move(environment)) {
  fs::create_directories(environment_);
  pid_ = ::fork();
  if (pid_ == 0) {
    detail::write_forever(environment_);
  }
}

inline LmdbWriter::~LmdbWriter() {
  stop();
}

inline std::uint64_t LmdbWriter::committed() const {
  const std::string text = read_file(environment_.parent_path() / "writer.progress");
  return text.empty() ? 0 : std::stoull(text);
}

inline bool LmdbWriter::wait_for_commits(std::uint64_t count) const {
  for (int attempt = 0; attempt < 3000; ++attempt) {
    if (committed() >= count) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

inline void LmdbWriter::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

inline LmdbContents read_lmdb_contents(const fs::path& environment) {
  LmdbContents contents;
  MDB_env* env = nullptr;
  EXPECT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 4);
  const int opened = mdb_env_open(env, environment.c_str(), MDB_RDONLY, 0644);
  EXPECT_EQ(opened, 0) << environment << ": " << mdb_strerror(opened);
  MDB_txn* txn = nullptr;
  if (opened == 0 && mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) == 0) {
    for (auto [name, target] : {std::pair{"a", &contents.a}, std::pair{"b", &contents.b}}) {
      MDB_dbi dbi = 0;
      MDB_cursor* cursor = nullptr;
      if (mdb_dbi_open(txn, name, 0, &dbi) != 0 || mdb_cursor_open(txn, dbi, &cursor) != 0) {
        ADD_FAILURE() << "no database " << name << " in " << environment;
        continue;
      }
      MDB_val key{}, value{};
      for (auto op = MDB_FIRST; mdb_cursor_get(cursor, &key, &value, op) == 0; op = MDB_NEXT) {
        (*target)[detail::text_of(key)] = detail::text_of(value);
      }
      mdb_cursor_close(cursor);
    }
    mdb_txn_abort(txn);
  }
  mdb_env_close(env);
  return contents;
}

}  // namespace opsdeck::backup::testing
