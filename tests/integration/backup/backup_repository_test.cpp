// The repository through the real binary: a backup killed with SIGKILL halfway is never listed and is
// cleaned by the next run; verify --read-data finds one flipped byte; prune keeps exactly what restic's
// policy keeps; a second backup of a source that is being backed up is refused naming the holder.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "tests/integration/backup/backup_fixture.hpp"

namespace opsdeck::backup::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> entries_starting_with(const fs::path& directory, const std::string& prefix) {
  std::vector<std::string> names;
  for (const auto& item : fs::directory_iterator(directory)) {
    if (item.path().filename().string().rfind(prefix, 0) == 0) {
      names.push_back(item.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::uint64_t bytes_under(const fs::path& directory) {
  std::uint64_t total = 0;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(directory, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file(error)) {
      total += it->file_size(error);
    }
  }
  return total;
}

TEST_F(BackupTest, KilledBackupIsNeverListedAndIsCleanedNextRun) {
  const fs::path source = dir("big");
  const fs::path repo = dir("repo");
  const std::string chunk(4 << 20, 'z');
  for (int index = 0; index < 64; ++index) {
    write_file(source / ("part-" + std::to_string(index)), chunk);
  }
  auto child = spawn_opsdeck({"backup", "create", source.string(), "--repo", repo.string()});
  bool killed_halfway = false;
  for (int attempt = 0; attempt < 20000 && !killed_halfway; ++attempt) {
    if (child.poll()) {
      break;  // finished before we saw it halfway
    }
    if (fs::exists(repo)) {
      for (const auto& name : entries_starting_with(repo, ".tmp-")) {
        if (bytes_under(repo / name) > 0) {
          ASSERT_TRUE(child.send_signal(SIGKILL).ok());
          killed_halfway = true;
        }
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(killed_halfway) << "the backup ended before it could be killed halfway";
  EXPECT_EQ(child.wait().signal, SIGKILL);
  ASSERT_EQ(entries_starting_with(repo, ".tmp-").size(), 1u)
      << "the killed run left no partial backup to test";

  const auto listed = opsdeck({"backup", "list", "--repo", repo.string(), "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_TRUE(listed.json()["backups"].empty()) << listed.output;

  const auto again = opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(entries_starting_with(repo, ".tmp-").empty()) << "the leftover was not cleaned";
  const auto relisted = opsdeck({"backup", "list", "--repo", repo.string(), "--json"});
  ASSERT_EQ(relisted.json()["backups"].size(), 1u) << relisted.output;
  EXPECT_EQ(relisted.json()["backups"][0]["id"], again.json()["id"]);
}

TEST_F(BackupTest, SecondBackupOfTheSameSourceIsRefusedNamingTheHolder) {
  const fs::path source = dir("svc");
  write_file(source / "a", "a");
  const auto created = opsdeck({"backup", "create", source.string(), "--repo", dir("repo").string()});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  // Hold the source's lock as a running backup would: find its lock file and flock it from a child.
  const auto locks = entries_starting_with(dir("repo") / ".locks", "source-");
  ASSERT_EQ(locks.size(), 1u);
  const pid_t holder = ::fork();
  if (holder == 0) {
    const int fd = ::open((dir("repo") / ".locks" / locks[0]).c_str(), O_RDWR);
    ::flock(fd, LOCK_EX);
    const std::string pid = std::to_string(::getpid()) + "\n";
    (void)!::pwrite(fd, pid.data(), pid.size(), 0);
    ::pause();
    _exit(0);
  }
  bool refused = false;
  std::string output;
  for (int attempt = 0; attempt < 200 && !refused; ++attempt) {
    const auto second = opsdeck({"backup", "create", source.string(), "--repo", dir("repo").string()});
    output = second.output;
    refused = second.exit_code == 1 && output.find("pid " + std::to_string(holder)) != std::string::npos;
    if (!refused) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  EXPECT_TRUE(refused) << output;
  EXPECT_THAT(output, HasSubstr("already running"));
}

TEST_F(BackupTest, VerifyReadDataFindsOneFlippedByte) {
  const fs::path source = dir("svc");
  write_file(source / "data/records.bin", std::string(300000, 'r'));
  write_file(source / "config.yaml", "a: 1\n");
  const fs::path repo = dir("repo");
  const auto created = opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json()["id"];
  const auto intact = opsdeck({"backup", "verify", id, "--read-data", "--repo", repo.string()});
  EXPECT_EQ(intact.exit_code, 0) << intact.output;
  EXPECT_THAT(intact.output, HasSubstr("is intact"));

  const fs::path victim = repo / id / "data" / "data/records.bin";
  const int fd = ::open(victim.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  char byte = 0;
  ASSERT_EQ(::pread(fd, &byte, 1, 123457), 1);
  byte = static_cast<char>(byte ^ 0x01);
  ASSERT_EQ(::pwrite(fd, &byte, 1, 123457), 1);
  ::close(fd);

  const auto metadata_only = opsdeck({"backup", "verify", id, "--repo", repo.string()});
  EXPECT_EQ(metadata_only.exit_code, 0) << "sizes and types still match: " << metadata_only.output;
  const auto damaged = opsdeck({"backup", "verify", id, "--read-data", "--repo", repo.string(), "--json"});
  EXPECT_EQ(damaged.exit_code, 1) << damaged.output;
  const auto report = damaged.json();
  EXPECT_EQ(report["ok"], false);
  ASSERT_EQ(report["problems"].size(), 1u) << damaged.output;
  EXPECT_THAT(report["problems"][0].get<std::string>(), HasSubstr("data/records.bin: SHA-256"));
}

TEST_F(BackupTest, BackupRefusesUpFrontWhenTheRepositoryLacksSpace) {
  const fs::path repo = dir("small-repo");
  fs::create_directories(repo);
  if (::mount("tmpfs", repo.c_str(), "tmpfs", 0, "size=2m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root): " << std::strerror(errno);
  }
  struct Unmount {
    fs::path path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{repo};
  const fs::path source = dir("svc");
  write_file(source / "big", std::string(3 << 20, 'b'));
  const auto refused = opsdeck({"backup", "create", source.string(), "--repo", repo.string()});
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("not enough free space in " + repo.string()));
  EXPECT_THAT(refused.output, HasSubstr("the backup needs about 3."));
  EXPECT_TRUE(entries_starting_with(repo, ".tmp-").empty()) << "nothing may be written before the check";
  EXPECT_TRUE(entries_starting_with(repo, "2026").empty());
}

void fake_backup(const fs::path& repo, const std::string& id) {
  fs::create_directories(repo / id / "data");
  const nlohmann::json manifest = {{"format_version", 1},  {"id", id},
                                   {"source", "/srv/svc"}, {"kind", "directory"},
                                   {"tool_version", "0"},  {"started_at", 0},
                                   {"finished_at", 0},     {"content", {{"files", nlohmann::json::array()}}}};
  write_file(repo / id / "manifest.json", manifest.dump());
}

TEST_F(BackupTest, PruneKeepsExactlyWhatThePolicyKeeps) {
  const fs::path repo = dir("repo");
  const std::vector<std::string> ids = {"20261026120000", "20261102120000", "20261109120000",
                                        "20261116120000", "20261120120000", "20261121120000",
                                        "20261122120000", "20261123080000", "20261123100000"};
  for (const auto& id : ids) {
    fake_backup(repo, id);
  }
  const std::vector<std::string> policy = {"--keep-last", "2", "--keep-daily", "3", "--keep-weekly", "3"};
  auto arguments =
      std::vector<std::string>{"backup", "prune", "--repo", repo.string(), "--dry-run", "--json"};
  arguments.insert(arguments.end(), policy.begin(), policy.end());
  const auto dry = opsdeck(arguments);
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_EQ(dry.json()["removed"], 0);
  EXPECT_EQ(entries_starting_with(repo, "2026").size(), ids.size()) << "a dry run removed backups";

  arguments.erase(std::find(arguments.begin(), arguments.end(), "--dry-run"));
  const auto pruned = opsdeck(arguments);
  ASSERT_EQ(pruned.exit_code, 0) << pruned.output;
  EXPECT_EQ(pruned.json()["removed"], 4);
  // Newest first: last 2 = both of Nov 23; daily 3 = Nov 23, 22, 21; weekly 3 = ISO weeks 48, 47, 46.
  EXPECT_THAT(
      entries_starting_with(repo, "2026"),
      ElementsAre("20261109120000", "20261121120000", "20261122120000", "20261123080000", "20261123100000"));
  EXPECT_TRUE(entries_starting_with(repo, ".tmp-").empty());

  const auto nothing = opsdeck({"backup", "prune", "--repo", repo.string()});
  EXPECT_EQ(nothing.exit_code, 2) << "a policy that keeps nothing must be refused: " << nothing.output;
}

}  // namespace
}  // namespace opsdeck::backup::testing
