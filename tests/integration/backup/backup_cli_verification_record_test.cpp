// `opsdeck backup verify` records its outcome in the repository as the console does
// (.verifications/<id>.json, read by the Backups view through load_verifications): verified after an intact
// --read-data verify, failed naming the damaged file after one byte was flipped, and a metadata-only verify
// records read_data false.
#include <fcntl.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backend/backup/verification_record.hpp"
#include "tests/integration/backup/backup_fixture.hpp"

namespace opsdeck::backup::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST_F(BackupTest, CliVerifyWritesTheVerificationRecordTheConsoleReads) {
  const fs::path source = dir("svc");
  write_file(source / "data/records.bin", std::string(200000, 'r'));
  const fs::path repo = dir("repo");
  const auto created = opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json()["id"];
  EXPECT_EQ(load_verifications(repo).count(id), 0u) << "no record before the first verify";

  const auto quick = opsdeck({"backup", "verify", id, "--repo", repo.string()});
  ASSERT_EQ(quick.exit_code, 0) << quick.output;
  auto records = load_verifications(repo);
  ASSERT_EQ(records.count(id), 1u);
  EXPECT_EQ(records[id].state, VerifyState::kVerified);
  EXPECT_FALSE(records[id].read_data);

  const auto intact = opsdeck({"backup", "verify", id, "--read-data", "--repo", repo.string()});
  ASSERT_EQ(intact.exit_code, 0) << intact.output;
  records = load_verifications(repo);
  EXPECT_EQ(records[id].state, VerifyState::kVerified);
  EXPECT_TRUE(records[id].read_data);
  EXPECT_GT(records[id].at, 0);
  EXPECT_TRUE(fs::is_regular_file(repo / kVerificationsDirectoryName / (id + ".json")));

  const fs::path victim = repo / id / "data" / "data/records.bin";
  const int fd = ::open(victim.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, "X", 1, 777), 1);
  ::close(fd);
  const auto damaged = opsdeck({"backup", "verify", id, "--read-data", "--repo", repo.string()});
  EXPECT_EQ(damaged.exit_code, 1) << damaged.output;
  records = load_verifications(repo);
  EXPECT_EQ(records[id].state, VerifyState::kFailed);
  EXPECT_THAT(records[id].reason, HasSubstr("data/records.bin"));

  // The repository listing is unchanged: the record directory is not a backup.
  const auto listed = opsdeck({"backup", "list", "--repo", repo.string(), "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_EQ(listed.json()["backups"].size(), 1u);
}

}  // namespace
}  // namespace opsdeck::backup::testing
