// Verification records: written atomically into the repository, read back by backup id, malformed ones
// skipped, records of backups that are gone removed.
#include "backend/backup/verification_record.hpp"

#include <gtest/gtest.h>

#include "tests/unit/backup/console_backup_fixture.hpp"

namespace opsdeck::backup {
namespace {

namespace fs = std::filesystem;
using testing::write_text;

TEST(VerificationRecordTest, RoundTripsVerifiedAndFailedOutcomes) {
  opsdeck::testing::TemporaryDirectory scratch;
  fs::create_directories(scratch.path() / "20261123162353");
  fs::create_directories(scratch.path() / "20261124010000");
  ASSERT_TRUE(
      save_verification(scratch.path(), "20261123162353", verification_from(true, {}, 1700000000)).ok());
  ASSERT_TRUE(save_verification(
                  scratch.path(), "20261124010000",
                  verification_from(false, {"data/a.txt: SHA-256 differs", "data/b: missing"}, 1700000100))
                  .ok());
  auto records = load_verifications(scratch.path());
  ASSERT_EQ(records.size(), 2u);
  const auto& good = records.at("20261123162353");
  EXPECT_EQ(good.state, VerifyState::kVerified);
  EXPECT_EQ(good.at, 1700000000);
  EXPECT_TRUE(good.read_data);
  const auto& bad = records.at("20261124010000");
  EXPECT_EQ(bad.state, VerifyState::kFailed);
  EXPECT_FALSE(bad.read_data);
  EXPECT_EQ(bad.reason, "data/a.txt: SHA-256 differs (+1 more)");
  // The file is private and not a leftover temporary.
  EXPECT_TRUE(fs::exists(scratch.path() / kVerificationsDirectoryName / "20261123162353.json"));
  for (const auto& item : fs::directory_iterator(scratch.path() / kVerificationsDirectoryName)) {
    EXPECT_EQ(item.path().extension(), ".json") << item.path();
  }
}

TEST(VerificationRecordTest, SkipsMalformedRecordsAndForgetsPrunedBackups) {
  opsdeck::testing::TemporaryDirectory scratch;
  fs::create_directories(scratch.path() / "20261123162353");
  write_text(scratch.path() / kVerificationsDirectoryName / "20261120000000.json", R"({"state":"verified"})");
  write_text(scratch.path() / kVerificationsDirectoryName / "20261121000000.json", "{not json");
  write_text(scratch.path() / kVerificationsDirectoryName / "20261122000000.json", R"({"state":"maybe"})");
  auto before = load_verifications(scratch.path());
  EXPECT_EQ(before.size(), 1u);  // only the well-formed one, although its backup is gone
  ASSERT_TRUE(save_verification(scratch.path(), "20261123162353", verification_from(false, {}, 5)).ok());
  auto after = load_verifications(scratch.path());
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after.begin()->first, "20261123162353");
  EXPECT_FALSE(fs::exists(scratch.path() / kVerificationsDirectoryName / "20261120000000.json"));
}

TEST(VerificationRecordTest, RefusesSomethingThatIsNotABackupId) {
  opsdeck::testing::TemporaryDirectory scratch;
  auto status = save_verification(scratch.path(), "../escape", verification_from(true, {}, 1));
  ASSERT_FALSE(status.ok());
  EXPECT_FALSE(fs::exists(scratch.path() / kVerificationsDirectoryName));
}

TEST(VerificationRecordTest, NoDirectoryMeansEverythingIsUnverified) {
  opsdeck::testing::TemporaryDirectory scratch;
  EXPECT_TRUE(load_verifications(scratch.path()).empty());
}

}  // namespace
}  // namespace opsdeck::backup
