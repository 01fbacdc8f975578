// The Backups view in the real console, on a source directory and a repository under a temporary directory
// (named through OPSDECK_BACKUP_SOURCES and OPSDECK_BACKUP_REPO): `b` takes a backup, which appears in the
// table; after the source is changed, `r` restores it: the preview lists the changes, a wrong name is
// refused, the right one restores, and the original files are back on disk.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "tests/support/console_session.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::testing {
namespace {

namespace fs = std::filesystem;

// A backup and a restore are jobs followed by a fresh listing; the files here are tiny.
constexpr std::chrono::milliseconds kJobTimeout{30000};

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// A row of the backups table: a 14-digit id followed by the source's name.
bool backup_row(const std::string& screen) {
  static const std::regex row(R"(\b20\d{12}\s+svc\b)");
  return std::regex_search(screen, row);
}

TEST(ConsoleBackupsTest, TakesABackupAndRestoresItAfterTheTypedConfirmation) {
  TemporaryDirectory scratch;
  const fs::path source = scratch.path() / "service";
  const fs::path repo = scratch.path() / "repo";
  write_file(source / "settings.json", R"({"listen": 8008})");
  write_file(source / "media/photo.bin", std::string(300000, 'p'));
  write_file(source / "notes.txt", "keep me");

  ConsoleSession console(ConsoleOptions::sized(150, 40)
                             .with_environment("OPSDECK_BACKUP_REPO", repo.string())
                             .with_environment("OPSDECK_BACKUP_SOURCES", "svc=" + source.string()));
  ASSERT_TRUE(console.wait_drawn());
  // The view's tab: Tab until its Sources panel is shown (the tab order may grow).
  for (int i = 0; i < 10 && console.capture().find("Sources ") == std::string::npos; ++i) {
    console.send_keys({"Tab"});
    console.wait_for("Sources ", std::chrono::milliseconds(500));
  }
  ASSERT_TRUE(console.wait_for("never", kDrawTimeout)) << "the source svc, never backed up";

  console.send_keys({"b"});
  ASSERT_TRUE(console.wait_until("a backup of svc in the table", backup_row, kJobTimeout));
  ASSERT_TRUE(console.wait_for("just now", kDrawTimeout)) << "the source's last backup";
  ASSERT_TRUE(fs::exists(repo)) << "the repository was created";

  // Change the live directory: the restore has something to undo.
  write_file(source / "settings.json", R"({"listen": 9999})");
  fs::remove(source / "notes.txt");
  write_file(source / "stray.tmp", "not in the backup");

  console.send_keys({"f", "r"});
  ASSERT_TRUE(console.wait_for("Restore into:", kDrawTimeout));
  ASSERT_TRUE(console.wait_for(source.string(), kDrawTimeout)) << "the target is prefilled with the source";
  console.send_keys({"Enter"});
  ASSERT_TRUE(console.wait_for("~ settings.json", kJobTimeout)) << "the preview";
  ASSERT_TRUE(console.wait_for("+ notes.txt", kDrawTimeout));
  ASSERT_TRUE(console.wait_for("- stray.tmp", kDrawTimeout));

  console.send_keys({"Enter"});
  ASSERT_TRUE(console.wait_for("Type \"service\" to confirm", kDrawTimeout));
  console.send_text("servic");
  console.send_keys({"Enter"});
  ASSERT_TRUE(console.wait_for("does not match", kDrawTimeout)) << "a wrong name is refused";
  EXPECT_EQ(read_file(source / "settings.json"), R"({"listen": 9999})") << "nothing restored yet";

  console.send_text("e");
  console.send_keys({"Enter"});
  ASSERT_TRUE(console.wait_for("restored 20", kJobTimeout)) << "the restore's summary";

  EXPECT_EQ(read_file(source / "settings.json"), R"({"listen": 8008})");
  EXPECT_EQ(read_file(source / "notes.txt"), "keep me");
  EXPECT_EQ(read_file(source / "media/photo.bin"), std::string(300000, 'p'));
  EXPECT_FALSE(fs::exists(source / "stray.tmp"));
  bool kept_aside = false;
  for (const auto& item : fs::directory_iterator(scratch.path())) {
    if (item.path().filename().string().rfind("service.pre-restore-", 0) == 0) {
      kept_aside = read_file(item.path() / "stray.tmp") == "not in the backup";
    }
  }
  EXPECT_TRUE(kept_aside) << "the old data is kept beside the target";
}

}  // namespace
}  // namespace opsdeck::testing
