// Backups view on synthetic snapshots: sources with ages coloured by the policy, backups with their
// verification states, job progress, a failed restore's rollback message, and the keys that send commands.
#include "views/backups_view.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace opsdeck::views {
namespace {

constexpr std::int64_t kNow = 1795000000;  // the snapshot's clock (taken_at): the view's "now" in tests
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

backup::BackupEntry entry(std::string id, std::string source, backup::VerifyState state,
                          std::string reason = "") {
  backup::BackupEntry backup;
  backup.id = std::move(id);
  backup.source = std::move(source);
  backup.kind = "directory";
  backup.finished_at = kNow - 2 * kHour;
  backup.size = 3 * 1024 * 1024;
  backup.files = 42;
  backup.restore_target = "/srv/" + backup.source;
  backup.verification.state = state;
  backup.verification.at = kNow - kHour;
  backup.verification.read_data = true;
  backup.verification.reason = std::move(reason);
  return backup;
}

backup::SourceEntry source(std::string name, std::int64_t last_backup_at) {
  backup::SourceEntry entry;
  entry.name = name;
  entry.location = "/srv/" + name;
  entry.last_backup_at = last_backup_at;
  entry.last_backup_id = last_backup_at > 0 ? "20261123000000" : "";
  return entry;
}

struct Fixture {
  backup::BackupsSnapshot listing;
  tui::Snapshot snapshot;

  Fixture() {
    listing.loaded = true;
    listing.repo = "/var/backups/opsdeck";
    listing.taken_at = kNow;
    listing.sources = {source("fresh", kNow - 5 * kHour), source("aging", kNow - 3 * kDay),
                       source("stale", kNow - 20 * kDay), source("never", 0)};
    listing.backups = {
        entry("20261123160000", "fresh", backup::VerifyState::kVerified),
        entry("20261120000000", "aging", backup::VerifyState::kFailed, "data/x: SHA-256 differs"),
        entry("20261101000000", "stale", backup::VerifyState::kUnverified)};
  }
  tui::Snapshot make() {
    snapshot.backups = std::make_shared<const backup::BackupsSnapshot>(listing);
    return snapshot;
  }
};

BackupsView make_view() {
  return BackupsView([](const tui::Snapshot& s) { return s.backups; });
}

// The role letter of the first cell of `needle` on the canvas ('.' default), or '?' when not drawn.
char role_at(const tui::Canvas& canvas, const std::string& needle) {
  const std::string text = canvas.to_text();
  const std::string roles = canvas.roles_to_text();
  const auto at = text.find(needle);
  if (at == std::string::npos) {
    return '?';
  }
  // to_text and roles_to_text have the same layout only for single-byte text: count columns instead.
  const auto line_start = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  const int row = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  const int column = tui::display_width(std::string_view(text).substr(line_start, at - line_start));
  std::size_t roles_line = 0;
  for (int r = 0; r < row; ++r) {
    roles_line = roles.find('\n', roles_line) + 1;
  }
  return roles[roles_line + static_cast<std::size_t>(column)];
}

char role_letter(tui::Role role) {
  tui::Canvas probe(1, 1);
  probe.set(0, 0, U'x', {role, tui::kAttrNone});
  return probe.roles_to_text()[0];
}

TEST(BackupsViewTest, ColoursSourceAgesByThePolicy) {
  Fixture fixture;
  auto view = make_view();
  view.on_key(tui::Key::character(U'f'), fixture.make());  // focus the backups: no selection bar on sources
  tui::Canvas canvas(130, 30);
  view.render(fixture.make(), canvas);
  const std::string text = canvas.to_text();
  EXPECT_NE(text.find("5h ago"), std::string::npos) << text;
  EXPECT_NE(text.find("3d0h ago"), std::string::npos) << text;
  EXPECT_NE(text.find("never"), std::string::npos) << text;
  EXPECT_EQ(role_at(canvas, "5h ago"), role_letter(tui::Role::kOk)) << canvas.roles_to_text();
  EXPECT_EQ(role_at(canvas, "3d0h ago"), role_letter(tui::Role::kWarn));
  EXPECT_EQ(role_at(canvas, "20d0h ago"), role_letter(tui::Role::kCrit));
  EXPECT_EQ(role_at(canvas, "never"), role_letter(tui::Role::kCrit));
}

TEST(BackupsViewTest, AStricterPolicyTurnsTheSameAgeYellow) {
  Fixture fixture;
  fixture.listing.policy.fresh_seconds = 2 * kHour;
  auto view = make_view();
  view.on_key(tui::Key::character(U'f'), fixture.make());
  tui::Canvas canvas(130, 30);
  view.render(fixture.make(), canvas);
  EXPECT_EQ(role_at(canvas, "5h ago"), role_letter(tui::Role::kWarn));
}

TEST(BackupsViewTest, ListsBackupsWithSizeFilesAndVerificationState) {
  Fixture fixture;
  auto view = make_view();
  tui::Canvas canvas(150, 30);
  view.render(fixture.make(), canvas);
  const std::string text = canvas.to_text();
  EXPECT_NE(text.find("20261123160000"), std::string::npos) << text;
  EXPECT_NE(text.find("3.0 MiB"), std::string::npos) << text;
  EXPECT_NE(text.find(" 42 "), std::string::npos) << text;
  EXPECT_NE(text.find("verified 2026-"), std::string::npos) << text;
  EXPECT_NE(text.find("(data)"), std::string::npos) << text;
  EXPECT_NE(text.find("FAILED"), std::string::npos) << text;
  EXPECT_NE(text.find("data/x: SHA-256 differs"), std::string::npos) << text;
  EXPECT_NE(text.find("unverified"), std::string::npos) << text;
  EXPECT_EQ(role_at(canvas, "FAILED"), role_letter(tui::Role::kCrit));
  EXPECT_NE(text.find("/var/backups/opsdeck"), std::string::npos) << text;
}

TEST(BackupsViewTest, ShowsARunningBackupsProgressAndAFailedRestoresRollback) {
  Fixture fixture;
  fixture.listing.running = {{5, "backup", "fresh"}};
  fixture.listing.last_restore = backup::ConsoleJob{4, "restore", "20261120000000 -> /srv/aging"};
  core::JobsSnapshot jobs;
  core::JobInfo running;
  running.id = 5;
  running.state = core::JobState::kRunning;
  running.progress = {256.0 * 1024 * 1024, 1024.0 * 1024 * 1024, "bytes", 32.0 * 1024 * 1024, 24};
  running.message = "copied 120 of 480 files";
  core::JobInfo failed;
  failed.id = 4;
  failed.state = core::JobState::kFailed;
  failed.error = "restore of 20261120000000 failed (rolled back: /srv/aging holds its old data): disk full";
  core::JobInfo verified;
  verified.id = 3;
  verified.state = core::JobState::kSucceeded;
  verified.result = "backup 20261123160000 verified: 42 files, every SHA-256 matches";
  fixture.listing.last_finished = backup::ConsoleJob{3, "verify", "20261123160000"};
  jobs.jobs = {running, failed, verified};
  fixture.snapshot.jobs = std::make_shared<const core::JobsSnapshot>(jobs);
  auto view = make_view();
  tui::Canvas canvas(150, 34);
  view.render(fixture.make(), canvas);
  const std::string text = canvas.to_text();
  EXPECT_NE(text.find("backup fresh"), std::string::npos) << text;
  EXPECT_NE(text.find("25%"), std::string::npos) << text;
  EXPECT_NE(text.find("32.0 MiB/s"), std::string::npos) << text;
  EXPECT_NE(text.find("ETA"), std::string::npos) << text;
  EXPECT_NE(text.find("copied 120 of 480 files"), std::string::npos) << text;
  EXPECT_NE(text.find("rolled back: /srv/aging holds its old data"), std::string::npos) << text;
  EXPECT_EQ(role_at(canvas, "rolled back"), role_letter(tui::Role::kCrit));
  EXPECT_NE(text.find("every SHA-256 matches"), std::string::npos) << text;
  EXPECT_EQ(role_at(canvas, "every SHA-256 matches"), role_letter(tui::Role::kOk));
}

TEST(BackupsViewTest, KeysSendBackupAndVerifyForTheSelection) {
  Fixture fixture;
  auto view = make_view();
  auto snapshot = fixture.make();
  tui::Canvas canvas(130, 30);
  view.render(snapshot, canvas);
  auto started = view.on_key(tui::Key::character(U'b'), snapshot);
  ASSERT_EQ(started.kind, tui::HandleResult::Kind::kRunCommand);
  EXPECT_EQ(started.command.name, "backup.create");
  EXPECT_EQ(started.command.args, std::vector<std::string>{"fresh"});

  view.on_key(tui::Key::of(tui::Key::Code::kDown), snapshot);  // sources: aging
  started = view.on_key(tui::Key::character(U'b'), snapshot);
  EXPECT_EQ(started.command.args, std::vector<std::string>{"aging"});

  view.on_key(tui::Key::character(U'f'), snapshot);  // the backups table
  view.on_key(tui::Key::of(tui::Key::Code::kDown), snapshot);
  auto verify = view.on_key(tui::Key::character(U'V'), snapshot);
  ASSERT_EQ(verify.kind, tui::HandleResult::Kind::kRunCommand);
  EXPECT_EQ(verify.command.name, "backup.verify");
  EXPECT_EQ(verify.command.args, (std::vector<std::string>{"20261120000000", "--read-data"}));
  verify = view.on_key(tui::Key::character(U'v'), snapshot);
  EXPECT_EQ(verify.command.args, std::vector<std::string>{"20261120000000"});
}

TEST(BackupsViewTest, TellsHowToConfigureWhenNothingIsThere) {
  backup::BackupsSnapshot listing;
  listing.loaded = true;
  listing.error = "no backup repository configured: set backup.repo (or OPSDECK_BACKUP_REPO)";
  tui::Snapshot snapshot;
  snapshot.backups = std::make_shared<const backup::BackupsSnapshot>(listing);
  auto view = make_view();
  tui::Canvas canvas(120, 24);
  view.render(snapshot, canvas);
  const std::string text = canvas.to_text();
  EXPECT_NE(text.find("set backup.repo"), std::string::npos) << text;
  EXPECT_NE(text.find("backup.sources"), std::string::npos) << text;
  auto result = view.on_key(tui::Key::character(U'r'), snapshot);
  EXPECT_NE(result.kind, tui::HandleResult::Kind::kRunCommand);
}

}  // namespace
}  // namespace opsdeck::views
