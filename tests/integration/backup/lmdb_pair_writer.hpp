// A writer child that commits to TWO LMDB environments of one service directory, `alpha` and `beta`, in
// lockstep: round k commits beta's counter k, then alpha's counter k. It watches both reader tables, and
// while another process holds a read transaction on exactly one of the two it waits (bounded) for the
// second, so a backup that opens its read transactions on both before copying sees counters at most one
// round apart, |alpha - beta| <= 1. A copy that takes its own snapshot of each environment later (at copy
// time, as mdb_env_copyfd2 does) sees the writer running freely between them.
#pragma once

#include <lmdb.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace opsdeck::backup::testing {

// Both also hold `kPairBulkEntries` bulky entries so that copying either takes a while.
inline constexpr std::uint64_t kPairBulkEntries = 12000;

class LmdbPairWriter {
 public:
  explicit LmdbPairWriter(std::filesystem::path root);
  ~LmdbPairWriter() { stop(); }
  LmdbPairWriter(const LmdbPairWriter&) = delete;
  LmdbPairWriter& operator=(const LmdbPairWriter&) = delete;
  std::uint64_t committed() const;  // the last completed round (0 before the first)
  bool wait_for_rounds(std::uint64_t count) const;
  void stop();

 private:
  std::filesystem::path root_;
  pid_t pid_ = -1;
};

namespace pair_detail {

// True when a process other than this one has an active read transaction on `env`.
inline bool foreign_reader(MDB_env* env) {
  struct State {
    long self;
    bool found;
  } state{static_cast<long>(::getpid()), false};
  mdb_reader_list(
      env,
      [](const char* message, void* context) -> int {
        auto* found = static_cast<State*>(context);
        long pid = 0;
        unsigned long thread = 0;
        char txnid[32] = {};
        if (std::sscanf(message, "%ld %lx %31s", &pid, &thread, txnid) == 3 && pid != found->self &&
            std::strcmp(txnid, "-") != 0) {
          found->found = true;
        }
        return 0;
      },
      &state);
  return state.found;
}

inline MDB_env* open_environment(const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  MDB_env* env = nullptr;
  if (mdb_env_create(&env) != 0) {
    _exit(20);
  }
  mdb_env_set_maxdbs(env, 8);
  mdb_env_set_mapsize(env, 256ull << 20);
  if (mdb_env_open(env, directory.c_str(), MDB_NOSYNC, 0644) != 0) {
    _exit(21);
  }
  return env;
}

inline void put_or_exit(MDB_txn* txn, MDB_dbi dbi, MDB_val key, MDB_val value, int code) {
  if (mdb_put(txn, dbi, &key, &value, 0) != 0) {
    _exit(code);
  }
}

inline MDB_val text(const std::string& value) {
  return {value.size(), const_cast<char*>(value.data())};
}

// Commits round `round` to one environment: counter, a "rounds" entry, and in beta a DUPSORT database
// ("dups", 7 keys with one duplicate per round) and an INTEGERKEY database ("ints", the round as key).
inline void commit_round(MDB_env* env, std::uint64_t round, bool beta) {
  MDB_txn* txn = nullptr;
  MDB_dbi main_dbi = 0, rounds = 0, dups = 0, ints = 0;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0 || mdb_dbi_open(txn, nullptr, 0, &main_dbi) != 0 ||
      mdb_dbi_open(txn, "rounds", MDB_CREATE, &rounds) != 0) {
    _exit(22);
  }
  char key[32];
  std::snprintf(key, sizeof key, "round-%012llu", static_cast<unsigned long long>(round));
  const std::string count = std::to_string(round);
  put_or_exit(txn, rounds, text(key), text(count), 23);
  put_or_exit(txn, main_dbi, text("counter"), text(count), 24);
  if (beta) {
    if (mdb_dbi_open(txn, "dups", MDB_CREATE | MDB_DUPSORT, &dups) != 0 ||
        mdb_dbi_open(txn, "ints", MDB_CREATE | MDB_INTEGERKEY, &ints) != 0) {
      _exit(25);
    }
    put_or_exit(txn, dups, text("k" + std::to_string(round % 7)), text(key), 26);
    std::uint64_t integer = round;
    put_or_exit(txn, ints, MDB_val{sizeof integer, &integer}, text(count), 27);
  }
  if (mdb_txn_commit(txn) != 0) {
    _exit(28);
  }
}

[[noreturn]] inline void write_pair_forever(const std::filesystem::path& root) {
  MDB_env* alpha = open_environment(root / "alpha");
  MDB_env* beta = open_environment(root / "beta");
  const std::string padding(1000, 'p');
  for (MDB_env* env : {alpha, beta}) {
    MDB_txn* txn = nullptr;
    MDB_dbi bulk = 0;
    if (mdb_txn_begin(env, nullptr, 0, &txn) != 0 || mdb_dbi_open(txn, "bulk", MDB_CREATE, &bulk) != 0) {
      _exit(29);
    }
    for (std::uint64_t index = 0; index < kPairBulkEntries; ++index) {
      char key[32];
      std::snprintf(key, sizeof key, "bulk-%08llu", static_cast<unsigned long long>(index));
      put_or_exit(txn, bulk, text(key), text(padding), 30);
    }
    if (mdb_txn_commit(txn) != 0) {
      _exit(31);
    }
  }
  const std::filesystem::path progress = root / "pair.progress";
  for (std::uint64_t round = 1;; ++round) {
    for (int wait = 0; wait < 30000 && foreign_reader(alpha) != foreign_reader(beta); ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    commit_round(beta, round, true);
    commit_round(alpha, round, false);
    const std::filesystem::path temporary = progress.string() + ".tmp";
    {
      std::ofstream out(temporary);
      out << round;
    }
    ::rename(temporary.c_str(), progress.c_str());
  }
}

}  // namespace pair_detail

inline LmdbPairWriter::LmdbPairWriter(std::filesystem::path root) : root_(std::move(root)) {
  pid_ = ::fork();
  if (pid_ == 0) {
    pair_detail::write_pair_forever(root_);
  }
}

inline std::uint64_t LmdbPairWriter::committed() const {
  std::ifstream in(root_ / "pair.progress");
  std::uint64_t round = 0;
  in >> round;
  return round;
}

inline bool LmdbPairWriter::wait_for_rounds(std::uint64_t count) const {
  for (int attempt = 0; attempt < 6000; ++attempt) {
    if (committed() >= count) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

inline void LmdbPairWriter::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

}  // namespace opsdeck::backup::testing
