// Backups: the configured sources with their last backup (age coloured by the backup age policy), the
// repository's backups (size, files, verification state), what the console's backup/verify/restore jobs
// are doing (progress: bytes, rate, ETA) and how the last restore ended (its rollback message when it
// failed). Keys: `b` backs up the selected source, `v` verifies the selected backup (`V` reads every
// byte), `r` opens the interactive restore (RestoreFlow: target, preview, typed confirmation), `f` moves
// the focus between the two tables, `R` reloads. It reads a backup::BackupsSnapshot only.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "backend/backup/backup_snapshot.hpp"
#include "tui/view.hpp"
#include "tui/widgets/table.hpp"
#include "views/backup_restore_flow.hpp"

namespace opsdeck::views {

class BackupsView : public tui::View {
 public:
  // Where the backups listing lives in the console's snapshot (`[](auto& s) { return s.backups; }`).
  using BackupsSource = std::function<std::shared_ptr<const backup::BackupsSnapshot>(const tui::Snapshot&)>;

  explicit BackupsView(BackupsSource source);
  std::string_view id() const override { return "backups"; }
  std::string_view title() const override { return "Backups"; }
  std::vector<tui::KeyHint> keys() const override;
  std::vector<tui::Action> actions() const override;
  void render(const tui::Snapshot& snapshot, tui::Canvas& canvas) override;
  tui::HandleResult on_key(const tui::Key& key, const tui::Snapshot& snapshot) override;
  bool capturing_input() const override;

 private:
  void fill_tables(const backup::BackupsSnapshot& listing, std::int64_t now);
  void render_activity(const tui::Snapshot& snapshot, const backup::BackupsSnapshot& listing,
                       tui::Canvas& canvas, tui::Rect box);
  const backup::BackupEntry* selected_backup(const backup::BackupsSnapshot& listing) const;
  tui::HandleResult act(char32_t key, const backup::BackupsSnapshot& listing);

  BackupsSource source_;
  tui::Table sources_;
  tui::Table backups_;
  bool backups_focused_ = false;
  std::optional<RestoreFlow> restore_;
  std::string notice_;  // why the last key did nothing ("select a backup first")
};

}  // namespace opsdeck::views
