// All-or-nothing writes: modes, no overwrite without permission, nothing left behind on failure.
#include "backend/certs/atomic_file_set.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/certs/scratch_directory.hpp"

namespace opsdeck::certs {
namespace {

using ::testing::HasSubstr;
using testing::mode_of;
using testing::read_text;
using testing::ScratchDirectory;
using testing::tree_state;
using testing::write_text;

TEST(AtomicFileSetTest, WritesEveryFileWithItsMode) {
  ScratchDirectory scratch;
  AtomicFileSet files(scratch.path());
  files.add(scratch.path() / "a.key", "secret", 0600, false);
  files.add(scratch.path() / "a.crt", "public", 0644, false);
  ASSERT_TRUE(files.commit().ok());
  EXPECT_EQ(read_text(scratch.path() / "a.key"), "secret");
  EXPECT_EQ(mode_of(scratch.path() / "a.key"), 0600u);
  EXPECT_EQ(mode_of(scratch.path() / "a.crt"), 0644u);
  EXPECT_EQ(tree_state(scratch.path()).size(), 2u);  // no temporaries left
}

TEST(AtomicFileSetTest, NeverOverwritesWithoutPermission) {
  ScratchDirectory scratch;
  write_text(scratch.path() / "b.crt", "old");
  auto before = tree_state(scratch.path());
  AtomicFileSet files(scratch.path());
  files.add(scratch.path() / "a.key", "new key", 0600, false);
  files.add(scratch.path() / "b.crt", "new", 0644, false);
  auto checked = files.check_targets();
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().category, core::ErrorCategory::kConflict);
  EXPECT_THAT(checked.error().message, HasSubstr("b.crt already exists"));
  EXPECT_THAT(checked.error().message, HasSubstr("--force"));
  EXPECT_FALSE(files.commit().ok());
  EXPECT_EQ(tree_state(scratch.path()), before);
}

TEST(AtomicFileSetTest, ReplacesWhenAllowed) {
  ScratchDirectory scratch;
  write_text(scratch.path() / "b.crt", "old");
  AtomicFileSet files(scratch.path());
  files.add(scratch.path() / "b.crt", "new", 0644, true);
  ASSERT_TRUE(files.commit().ok());
  EXPECT_EQ(read_text(scratch.path() / "b.crt"), "new");
  EXPECT_EQ(tree_state(scratch.path()).size(), 1u);  // the backup link is gone
}

TEST(AtomicFileSetTest, AFailedWriteLeavesNothing) {
  ScratchDirectory scratch;
  write_text(scratch.path() / "keep.crt", "old");
  auto before = tree_state(scratch.path());
  AtomicFileSet files(scratch.path());
  files.add(scratch.path() / "keep.crt", "new", 0644, true);
  files.add(scratch.path() / "missing-dir" / "x.key", "k", 0600, false);
  auto committed = files.commit();
  ASSERT_FALSE(committed.ok());
  EXPECT_EQ(committed.error().category, core::ErrorCategory::kIo);
  EXPECT_EQ(tree_state(scratch.path()), before);
}

TEST(AtomicFileSetTest, AFailedRenameUndoesTheEarlierOnes) {
  ScratchDirectory scratch;
  write_text(scratch.path() / "keep.crt", "old");
  std::filesystem::create_directory(scratch.path() / "in-the-way");
  auto before = tree_state(scratch.path());
  AtomicFileSet files(scratch.path());
  files.add(scratch.path() / "keep.crt", "new", 0644, true);
  files.add(scratch.path() / "fresh.key", "k", 0600, false);
  files.add(scratch.path() / "in-the-way", "x", 0644, true);  // rename over a directory fails
  ASSERT_FALSE(files.commit().ok());
  EXPECT_EQ(tree_state(scratch.path()), before);
}

}  // namespace
}  // namespace opsdeck::certs
