// The interactive restore on synthetic snapshots: the target prefilled from the backup's source, a preview
// request, the preview's lines (files or tables), and the typed confirmation that refuses a wrong name.
#include "views/backup_restore_flow.hpp"

#include <gtest/gtest.h>

#include "views/backups_view.hpp"

namespace opsdeck::views {
namespace {

backup::BackupEntry directory_backup() {
  backup::BackupEntry entry;
  entry.id = "20261123160000";
  entry.source = "synapse";
  entry.kind = "directory";
  entry.restore_target = "/srv/synapse";
  return entry;
}

backup::RestorePreview ready_preview() {
  backup::RestorePreview preview;
  preview.backup_id = "20261123160000";
  preview.target = "/srv/synapse";
  preview.kind = "directory";
  preview.confirm_text = "synapse";
  preview.ready = true;
  preview.target_exists = true;
  preview.added = 1;
  preview.removed = 1;
  preview.changed = 1;
  preview.unchanged = 9;
  preview.changes = {{backup::ChangeKind::kChanged, "homeserver.yaml", "content"},
                     {backup::ChangeKind::kAdded, "media/a.png", ""},
                     {backup::ChangeKind::kRemoved, "media/new.png", ""}};
  return preview;
}

void type(RestoreFlow& flow, const std::string& text, const backup::BackupsSnapshot* listing) {
  for (char c : text) {
    flow.on_key(tui::Key::character(static_cast<char32_t>(c)), listing);
  }
}

tui::HandleResult enter(RestoreFlow& flow, const backup::BackupsSnapshot* listing) {
  return flow.on_key(tui::Key::of(tui::Key::Code::kEnter), listing);
}

std::string draw(RestoreFlow& flow, const backup::BackupsSnapshot* listing) {
  tui::Canvas canvas(110, 30);
  flow.render(canvas, canvas.bounds(), listing, core::JobsSnapshot{}, tui::kUnicodeGlyphs);
  return canvas.to_text();
}

TEST(RestoreFlowTest, AsksForAPreviewOfTheSourcesDirectory) {
  RestoreFlow flow(directory_backup());
  backup::BackupsSnapshot listing;
  EXPECT_NE(draw(flow, &listing).find("/srv/synapse"), std::string::npos);
  auto result = enter(flow, &listing);
  ASSERT_EQ(result.kind, tui::HandleResult::Kind::kRunCommand);
  EXPECT_EQ(result.command.name, "backup.preview");
  EXPECT_EQ(result.command.args, (std::vector<std::string>{"20261123160000", "/srv/synapse"}));
  EXPECT_EQ(flow.stage(), RestoreFlow::Stage::kPreview);
  EXPECT_NE(draw(flow, &listing).find("comparing the backup with /srv/synapse"), std::string::npos);
  // Enter before the preview is there does nothing.
  EXPECT_NE(enter(flow, &listing).kind, tui::HandleResult::Kind::kRunCommand);
  EXPECT_EQ(flow.stage(), RestoreFlow::Stage::kPreview);
}

TEST(RestoreFlowTest, AnEditedTargetIsWhatThePreviewIsFor) {
  RestoreFlow flow(directory_backup());
  backup::BackupsSnapshot listing;
  flow.on_key(tui::Key{tui::Key::Code::kChar, U'u', 0, true}, &listing);  // Ctrl+U clears
  type(flow, "/tmp/elsewhere", &listing);
  auto result = enter(flow, &listing);
  EXPECT_EQ(result.command.args[1], "/tmp/elsewhere");
  listing.preview = ready_preview();  // for /srv/synapse: not this flow's
  EXPECT_EQ(draw(flow, &listing).find("homeserver.yaml"), std::string::npos);
}

TEST(RestoreFlowTest, ShowsWhatChangesThenRefusesAWrongNameAndAcceptsTheRightOne) {
  RestoreFlow flow(directory_backup());
  backup::BackupsSnapshot listing;
  enter(flow, &listing);
  listing.preview = ready_preview();
  const std::string preview = draw(flow, &listing);
  EXPECT_NE(preview.find("+1 added  -1 removed  ~1 changed  9 unchanged"), std::string::npos) << preview;
  EXPECT_NE(preview.find("~ homeserver.yaml  (content)"), std::string::npos) << preview;
  EXPECT_NE(preview.find("+ media/a.png"), std::string::npos) << preview;
  EXPECT_NE(preview.find("- media/new.png"), std::string::npos) << preview;

  EXPECT_EQ(enter(flow, &listing).kind, tui::HandleResult::Kind::kRedraw);
  ASSERT_EQ(flow.stage(), RestoreFlow::Stage::kConfirm);
  EXPECT_NE(draw(flow, &listing).find("Type \"synapse\" to confirm"), std::string::npos);

  type(flow, "synaps", &listing);
  auto refused = enter(flow, &listing);
  EXPECT_NE(refused.kind, tui::HandleResult::Kind::kRunCommand);
  EXPECT_EQ(flow.stage(), RestoreFlow::Stage::kConfirm);
  EXPECT_NE(draw(flow, &listing).find("does not match"), std::string::npos);

  type(flow, "e", &listing);
  auto confirmed = enter(flow, &listing);
  ASSERT_EQ(confirmed.kind, tui::HandleResult::Kind::kRunCommand);
  EXPECT_EQ(confirmed.command.name, "backup.restore");
  EXPECT_EQ(confirmed.command.args, (std::vector<std::string>{"20261123160000", "/srv/synapse"}));
  EXPECT_TRUE(flow.done());
}

TEST(RestoreFlowTest, EscapeFromTheConfirmationGoesBackToThePreview) {
  RestoreFlow flow(directory_backup());
  backup::BackupsSnapshot listing;
  enter(flow, &listing);
  listing.preview = ready_preview();
  enter(flow, &listing);
  flow.on_key(tui::Key::of(tui::Key::Code::kEscape), &listing);
  EXPECT_EQ(flow.stage(), RestoreFlow::Stage::kPreview);
  flow.on_key(tui::Key::of(tui::Key::Code::kEscape), &listing);
  EXPECT_EQ(flow.stage(), RestoreFlow::Stage::kTarget);
  flow.on_key(tui::Key::of(tui::Key::Code::kEscape), &listing);
  EXPECT_TRUE(flow.done());
}

TEST(RestoreFlowTest, ADatabaseBackupPreviewListsTablesAndRows) {
  backup::BackupEntry entry = directory_backup();
  entry.kind = "mariadb";
  entry.source = "mariadb:shop";
  entry.restore_target = "";
  entry.contents = "1 database, 2 tables, 1,204 rows";
  RestoreFlow flow(entry);
  backup::BackupsSnapshot listing;
  EXPECT_NE(enter(flow, &listing).kind, tui::HandleResult::Kind::kRunCommand);  // no target typed yet
  EXPECT_NE(draw(flow, &listing).find("type where to restore to"), std::string::npos);
  type(flow, "shop_copy", &listing);
  enter(flow, &listing);
  backup::RestorePreview preview;
  preview.backup_id = entry.id;
  preview.target = "shop_copy";
  preview.kind = "mariadb";
  preview.confirm_text = "shop_copy";
  preview.ready = true;
  preview.contents = {"database shop: 2 objects", "  shop.orders  table  1,200 rows",
                      "  shop.users  table  4 rows"};
  listing.preview = preview;
  const std::string text = draw(flow, &listing);
  EXPECT_NE(text.find("replaces everything in shop_copy"), std::string::npos) << text;
  EXPECT_NE(text.find("shop.orders  table  1,200 rows"), std::string::npos) << text;
}

TEST(RestoreFlowTest, APreviewErrorIsShownAndCannotBeConfirmed) {
  RestoreFlow flow(directory_backup());
  backup::BackupsSnapshot listing;
  enter(flow, &listing);
  backup::RestorePreview failed;
  failed.backup_id = "20261123160000";
  failed.target = "/srv/synapse";
  failed.error = "/srv/synapse exists and is not a directory";
  listing.preview = failed;
  EXPECT_NE(draw(flow, &listing).find("cannot preview: /srv/synapse exists and is not a directory"),
            std::string::npos);
  enter(flow, &listing);
  EXPECT_EQ(flow.stage(), RestoreFlow::Stage::kPreview);
}

TEST(RestoreFlowTest, TheViewCapturesKeysWhileRestoring) {
  backup::BackupsSnapshot listing;
  listing.loaded = true;
  listing.backups = {directory_backup()};
  tui::Snapshot snapshot;
  snapshot.backups = std::make_shared<const backup::BackupsSnapshot>(listing);
  BackupsView view([](const tui::Snapshot& s) { return s.backups; });
  tui::Canvas canvas(120, 30);
  view.render(snapshot, canvas);
  view.on_key(tui::Key::character(U'f'), snapshot);
  view.on_key(tui::Key::character(U'r'), snapshot);
  EXPECT_TRUE(view.capturing_input());
  tui::Canvas overlay(120, 30);
  view.render(snapshot, overlay);
  EXPECT_NE(overlay.to_text().find("Restore into:"), std::string::npos) << overlay.to_text();
  view.on_key(tui::Key::of(tui::Key::Code::kEscape), snapshot);
  EXPECT_FALSE(view.capturing_input());
}

}  // namespace
}  // namespace opsdeck::views
