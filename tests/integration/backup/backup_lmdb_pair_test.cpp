// Two LMDB environments of one live service directory are backed up as one set: a writer commits to both in
// lockstep (lmdb_pair_writer.hpp) while `opsdeck backup create` runs, and the restored environments hold
// counters at most one round apart, each internally complete, with every named database's flags (DUPSORT,
// INTEGERKEY) and entries kept, and the entry counts recorded in the manifest. A database kept in a custom
// key order fails the backup, naming it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>

#include "tests/integration/backup/backup_fixture.hpp"
#include "tests/integration/backup/lmdb_pair_writer.hpp"

namespace opsdeck::backup::testing {
namespace {

namespace fs = std::filesystem;

struct DatabaseState {
  bool present = false;
  unsigned flags = 0;
  std::uint64_t entries = 0;
  std::string last_key;
};

struct EnvironmentState {
  std::uint64_t counter = 0;
  std::map<std::string, DatabaseState> databases;
};

// Opens a restored environment read-only without its lock file and reads what LmdbPairWriter wrote.
EnvironmentState read_environment(const fs::path& directory) {
  EnvironmentState state;
  MDB_env* env = nullptr;
  EXPECT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 8);
  const int opened = mdb_env_open(env, directory.c_str(), MDB_RDONLY | MDB_NOLOCK, 0600);
  EXPECT_EQ(opened, 0) << directory << ": " << mdb_strerror(opened);
  MDB_txn* txn = nullptr;
  if (opened == 0 && mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) == 0) {
    MDB_val key{7, const_cast<char*>("counter")};
    MDB_val value{};
    MDB_dbi main_dbi = 0;
    if (mdb_dbi_open(txn, nullptr, 0, &main_dbi) == 0 && mdb_get(txn, main_dbi, &key, &value) == 0) {
      state.counter = std::stoull(std::string(static_cast<const char*>(value.mv_data), value.mv_size));
    }
    for (const char* name : {"rounds", "bulk", "dups", "ints"}) {
      MDB_dbi dbi = 0;
      if (mdb_dbi_open(txn, name, 0, &dbi) != 0) {
        continue;
      }
      DatabaseState& database = state.databases[name];
      database.present = true;
      mdb_dbi_flags(txn, dbi, &database.flags);
      MDB_stat stat{};
      mdb_stat(txn, dbi, &stat);
      database.entries = stat.ms_entries;
      MDB_cursor* cursor = nullptr;
      if (mdb_cursor_open(txn, dbi, &cursor) == 0) {
        if (mdb_cursor_get(cursor, &key, &value, MDB_LAST) == 0) {
          database.last_key.assign(static_cast<const char*>(key.mv_data), key.mv_size);
        }
        mdb_cursor_close(cursor);
      }
    }
    mdb_txn_abort(txn);
  }
  mdb_env_close(env);
  return state;
}

TEST_F(BackupTest, TwoLiveLmdbEnvironmentsAreCopiedFromTheTransactionsOpenedFirst) {
  const fs::path source = dir("service");
  const fs::path repo = dir("repo");
  LmdbPairWriter writer(source);
  ASSERT_TRUE(writer.wait_for_rounds(200)) << "the LMDB pair writer did not start committing";
  const std::uint64_t before = writer.committed();
  // One worker copies the environments one after the other: a copy that took its own snapshot of each at
  // copy time would see the writer run many rounds while the first (bulky) one is copied.
  ::setenv("OPSDECK_BACKUP_WORKERS", "1", 1);
  const auto created = opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--json"});
  ::unsetenv("OPSDECK_BACKUP_WORKERS");
  const std::uint64_t after = writer.committed();
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const auto json = created.json();
  const std::string id = json.value("id", "");
  ASSERT_EQ(json["lmdb_environments"].size(), 2u) << created.output;
  writer.stop();

  const fs::path restored = dir("restored");
  const auto restore =
      opsdeck({"backup", "restore", id, "--to", restored.string(), "--yes", "--repo", repo.string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.output;
  const EnvironmentState alpha = read_environment(restored / "alpha");
  const EnvironmentState beta = read_environment(restored / "beta");

  // The set: the transactions on both were opened before either was copied, and the writer never got more
  // than one round ahead between the two.
  EXPECT_GE(alpha.counter, before);
  EXPECT_LE(beta.counter, after + 1);
  EXPECT_LE(alpha.counter, beta.counter + 1) << "alpha " << alpha.counter << ", beta " << beta.counter;
  EXPECT_LE(beta.counter, alpha.counter + 1) << "alpha " << alpha.counter << ", beta " << beta.counter;

  // Each environment is exactly one commit: as many rounds as its counter, the last one being the counter.
  for (const auto* environment : {&alpha, &beta}) {
    ASSERT_TRUE(environment->databases.count("rounds"));
    const DatabaseState& rounds = environment->databases.at("rounds");
    EXPECT_EQ(rounds.entries, environment->counter);
    char last[32];
    std::snprintf(last, sizeof last, "round-%012llu", static_cast<unsigned long long>(environment->counter));
    EXPECT_EQ(rounds.last_key, last);
  }
  char last_bulk[32];
  std::snprintf(last_bulk, sizeof last_bulk, "bulk-%08llu",
                static_cast<unsigned long long>(kPairBulkEntries - 1));
  for (const auto* environment : {&alpha, &beta}) {
    ASSERT_TRUE(environment->databases.count("bulk"));
    EXPECT_EQ(environment->databases.at("bulk").entries, kPairBulkEntries);
    EXPECT_EQ(environment->databases.at("bulk").last_key, last_bulk);
  }

  // Named database flags survive the logical copy: duplicates stay duplicates, integer keys keep their order.
  ASSERT_TRUE(beta.databases.count("dups") && beta.databases.count("ints"));
  EXPECT_NE(beta.databases.at("dups").flags & MDB_DUPSORT, 0u);
  EXPECT_EQ(beta.databases.at("dups").entries, beta.counter);
  EXPECT_EQ(beta.databases.at("dups").last_key, "k6");
  EXPECT_NE(beta.databases.at("ints").flags & MDB_INTEGERKEY, 0u);
  EXPECT_EQ(beta.databases.at("ints").entries, beta.counter);
  std::uint64_t last_integer = 0;
  ASSERT_EQ(beta.databases.at("ints").last_key.size(), sizeof last_integer);
  std::memcpy(&last_integer, beta.databases.at("ints").last_key.data(), sizeof last_integer);
  EXPECT_EQ(last_integer, beta.counter) << "the integer keys lost their order";

  // The manifest's entry counts are those of the copied transactions.
  for (const auto& environment : json["lmdb_environments"]) {
    const EnvironmentState& state = environment["path"] == "alpha" ? alpha : beta;
    const auto& counts = environment["entry_counts"];
    EXPECT_EQ(counts.value("rounds", std::uint64_t{0}), state.databases.at("rounds").entries) << environment;
  }
}

}  // namespace
}  // namespace opsdeck::backup::testing

namespace opsdeck::backup::testing {
namespace {

int reverse_compare(const MDB_val* left, const MDB_val* right) {
  const std::string_view a(static_cast<const char*>(left->mv_data), left->mv_size);
  const std::string_view b(static_cast<const char*>(right->mv_data), right->mv_size);
  return b.compare(a);
}

// A database kept in a custom order cannot be rebuilt in key order without its comparison function: the
// backup fails, naming the database, and leaves no backup behind.
TEST_F(BackupTest, LmdbDatabaseWithACustomOrderFailsTheBackupNamingIt) {
  const fs::path source = dir("service");
  const fs::path repo = dir("repo");
  fs::create_directories(source / "db");
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 4);
  ASSERT_EQ(mdb_env_open(env, (source / "db").c_str(), 0, 0644), 0);
  MDB_txn* txn = nullptr;
  MDB_dbi dbi = 0;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
  ASSERT_EQ(mdb_dbi_open(txn, "reversed", MDB_CREATE, &dbi), 0);
  ASSERT_EQ(mdb_set_compare(txn, dbi, reverse_compare), 0);
  for (const char* name : {"apple", "banana", "cherry"}) {
    MDB_val key{std::strlen(name), const_cast<char*>(name)};
    MDB_val value{1, const_cast<char*>("x")};
    ASSERT_EQ(mdb_put(txn, dbi, &key, &value, 0), 0);
  }
  ASSERT_EQ(mdb_txn_commit(txn), 0);
  mdb_env_close(env);

  const auto created = opsdeck({"backup", "create", source.string(), "--repo", repo.string()});
  EXPECT_EQ(created.exit_code, 1) << created.output;
  EXPECT_NE(created.output.find("the database reversed of " + (source / "db").string()), std::string::npos)
      << created.output;
  EXPECT_NE(created.output.find("default order"), std::string::npos) << created.output;
  std::size_t backups = 0;
  if (fs::exists(repo)) {
    for (const auto& item : fs::recursive_directory_iterator(repo)) {
      backups += item.path().filename() == "manifest.json" ? 1 : 0;
    }
  }
  EXPECT_EQ(backups, 0u) << "a failed backup left a manifest behind";
}

}  // namespace
}  // namespace opsdeck::backup::testing
