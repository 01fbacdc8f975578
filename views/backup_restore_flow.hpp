// The Backups view's interactive restore, one overlay in three stages:
//   target   - where to restore (TextInput, prefilled with the backup's source directory); Enter asks the
//              console for a preview (backup.preview ID TARGET)
//   preview  - what will change, from the snapshot's RestorePreview for this backup and target: files
//              added/removed/changed against the target, or the tables and row counts of a database
//              backup; Enter goes on to confirm, Esc back to the target
//   confirm  - a ConfirmDialog where the target's name must be typed exactly; a wrong name is refused
//              (the dialog stays and says so); Enter with the right name sends backup.restore ID TARGET
// The restore's progress and outcome (the rollback message on failure) are drawn by the view, not here.
#pragma once

#include <optional>
#include <string>

#include "backend/backup/backup_snapshot.hpp"
#include "tui/view.hpp"
#include "tui/widgets/confirm_dialog.hpp"
#include "tui/widgets/glyphs.hpp"
#include "tui/widgets/text_input.hpp"

namespace opsdeck::views {

class RestoreFlow {
 public:
  enum class Stage { kTarget, kPreview, kConfirm, kDone };

  explicit RestoreFlow(const backup::BackupEntry& backup);

  Stage stage() const { return stage_; }
  bool done() const { return stage_ == Stage::kDone; }
  const std::string& backup_id() const { return backup_.id; }
  std::string target() const { return target_.text(); }

  // Every key is the flow's while it is open. Returns a command to run (preview, restore) or a redraw.
  tui::HandleResult on_key(const tui::Key& key, const backup::BackupsSnapshot* listing);

  void render(tui::Canvas& canvas, tui::Rect area, const backup::BackupsSnapshot* listing,
              const core::JobsSnapshot& jobs, const tui::Glyphs& glyphs);

 private:
  // The snapshot's preview when it answers this flow's backup and target.
  const backup::RestorePreview* preview_of(const backup::BackupsSnapshot* listing) const;
  void render_preview(tui::Canvas& canvas, tui::Rect inner, const backup::BackupsSnapshot* listing,
                      const core::JobsSnapshot& jobs, const tui::Glyphs& glyphs);

  backup::BackupEntry backup_;
  Stage stage_ = Stage::kTarget;
  tui::TextInput target_;
  std::string requested_target_;  // the target the preview was asked for
  std::string problem_;           // shown under the target input ("type a target")
  std::optional<tui::ConfirmDialog> confirm_;
  int scroll_ = 0;
  int page_ = 10;
};

}  // namespace opsdeck::views
