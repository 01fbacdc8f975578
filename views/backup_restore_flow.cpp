// The restore overlay: target input, preview list and the typed confirmation.
#include "views/backup_restore_flow.hpp"

#include <algorithm>
#include <vector>

#include "backend/backup/backup_console_commands.hpp"
#include "backend/backup/backup_contents.hpp"
#include "tui/widgets/format.hpp"
#include "tui/widgets/layout.hpp"
#include "tui/widgets/progress_bar.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Rect;
using tui::Role;
using tui::Style;

namespace {

struct Line {
  std::string text;
  Style style;
};

const core::JobInfo* running_preview_job(const backup::BackupsSnapshot* listing,
                                         const core::JobsSnapshot& jobs) {
  if (listing == nullptr) {
    return nullptr;
  }
  for (const auto& job : listing->running) {
    if (job.action == "preview") {
      for (const auto& info : jobs.jobs) {
        if (info.id == job.id) {
          return &info;
        }
      }
    }
  }
  return nullptr;
}

Role change_role(backup::ChangeKind kind) {
  return kind == backup::ChangeKind::kAdded     ? Role::kOk
         : kind == backup::ChangeKind::kRemoved ? Role::kCrit
                                                : Role::kWarn;
}

char change_mark(backup::ChangeKind kind) {
  return kind == backup::ChangeKind::kAdded ? '+' : kind == backup::ChangeKind::kRemoved ? '-' : '~';
}

std::vector<Line> preview_lines(const backup::RestorePreview& preview, const backup::BackupEntry& backup) {
  std::vector<Line> lines;
  const Style body{Role::kDialog, kAttrNone};
  if (preview.kind == "directory") {
    if (!preview.target_exists) {
      lines.push_back(
          {preview.target + " does not exist: the restore creates it", {Role::kAccent, kAttrNone}});
    }
    lines.push_back(
        {"+" + std::to_string(preview.added) + " added  -" + std::to_string(preview.removed) + " removed  ~" +
             std::to_string(preview.changed) + " changed  " + std::to_string(preview.unchanged) +
             " unchanged" +
             (preview.hashed_bytes > 0
                  ? "  (hashed " + tui::format_bytes(static_cast<double>(preview.hashed_bytes)) + ")"
                  : ""),
         {Role::kDialog, kAttrBold}});
    if (preview.added + preview.removed + preview.changed == 0) {
      lines.push_back({"the target already matches the backup", {Role::kOk, kAttrNone}});
    }
    for (const auto& change : preview.changes) {
      std::string text = std::string(1, change_mark(change.kind)) + " " + change.path;
      if (!change.why.empty()) {
        text += "  (" + change.why + ")";
      }
      lines.push_back({std::move(text), {change_role(change.kind), kAttrNone}});
    }
    const std::size_t total = preview.added + preview.removed + preview.changed;
    if (total > preview.changes.size()) {
      lines.push_back({"... and " + std::to_string(total - preview.changes.size()) + " more", body});
    }
  } else {
    lines.push_back({"replaces everything in " + preview.target + " with the backup's " +
                         (backup.contents.empty() ? std::string("contents") : backup.contents) + ":",
                     {Role::kWarn, kAttrBold}});
    for (const auto& line : preview.contents) {
      lines.push_back({line, body});
    }
  }
  return lines;
}

}  // namespace

RestoreFlow::RestoreFlow(const backup::BackupEntry& backup)
    : backup_(backup), target_(backup.restore_target) {
  target_.set_placeholder(backup.kind == "directory" ? "/path/to/the/directory" : "database name");
}

const backup::RestorePreview* RestoreFlow::preview_of(const backup::BackupsSnapshot* listing) const {
  if (listing == nullptr || !listing->preview) {
    return nullptr;
  }
  const auto& preview = *listing->preview;
  return preview.backup_id == backup_.id && preview.target == requested_target_ ? &preview : nullptr;
}

tui::HandleResult RestoreFlow::on_key(const tui::Key& key, const backup::BackupsSnapshot* listing) {
  switch (stage_) {
    case Stage::kTarget:
      if (key.code == tui::Key::Code::kEscape) {
        stage_ = Stage::kDone;
      } else if (key.code == tui::Key::Code::kEnter) {
        if (target_.text().empty()) {
          problem_ = "type where to restore to";
          return tui::HandleResult::redraw();
        }
        problem_.clear();
        requested_target_ = target_.text();
        stage_ = Stage::kPreview;
        scroll_ = 0;
        return tui::HandleResult::run(
            tui::Command{std::string(backup::kBackupPreviewCommand), {backup_.id, requested_target_}});
      } else {
        target_.on_key(key);
      }
      return tui::HandleResult::redraw();
    case Stage::kPreview: {
      const backup::RestorePreview* preview = preview_of(listing);
      if (key.code == tui::Key::Code::kEscape) {
        stage_ = Stage::kTarget;
      } else if (key.code == tui::Key::Code::kEnter && preview != nullptr && preview->ready &&
                 preview->error.empty()) {
        stage_ = Stage::kConfirm;
        confirm_.emplace(
            "Restore " + backup_.id,
            "Replace " + preview->target + " with backup " + backup_.id + " of " + backup_.source + "? " +
                (preview->kind == "directory" ? "The old data is kept beside it as " + preview->confirm_text +
                                                    ".pre-restore-<time>; stop the service first."
                                              : "Its current contents are replaced."),
            preview->confirm_text);
      } else {
        int step = key.code == tui::Key::Code::kPageDown                    ? page_
                   : key.code == tui::Key::Code::kPageUp                    ? -page_
                   : key.code == tui::Key::Code::kDown || key.is_char(U'j') ? 1
                   : key.code == tui::Key::Code::kUp || key.is_char(U'k')   ? -1
                                                                            : 0;
        scroll_ = std::max(0, scroll_ + step);
      }
      return tui::HandleResult::redraw();
    }
    case Stage::kConfirm: {
      confirm_->on_key(key);
      if (confirm_->pending()) {
        return tui::HandleResult::redraw();
      }
      const bool confirmed = confirm_->confirmed();
      confirm_.reset();
      if (!confirmed) {
        stage_ = Stage::kPreview;
        return tui::HandleResult::redraw();
      }
      stage_ = Stage::kDone;
      return tui::HandleResult::run(
          tui::Command{std::string(backup::kBackupRestoreCommand), {backup_.id, requested_target_}});
    }
    case Stage::kDone:
      break;
  }
  return tui::HandleResult::redraw();
}

void RestoreFlow::render_preview(tui::Canvas& canvas, Rect inner, const backup::BackupsSnapshot* listing,
                                 const core::JobsSnapshot& jobs, const tui::Glyphs& glyphs) {
  const backup::RestorePreview* preview = preview_of(listing);
  std::vector<Line> lines;
  if (preview == nullptr || !preview->ready) {
    if (preview != nullptr && !preview->error.empty()) {
      lines.push_back({"cannot preview: " + preview->error, {Role::kCrit, kAttrNone}});
    } else {
      canvas.text(inner.x, inner.y, "comparing the backup with " + requested_target_ + "...",
                  {Role::kMuted, kAttrNone}, inner);
      if (const core::JobInfo* job = running_preview_job(listing, jobs)) {
        tui::ProgressBar bar;
        bar.done = job->progress.done;
        if (job->progress.total > 0) {
          bar.total = job->progress.total;
        }
        bar.rate_per_second = job->progress.rate_per_second;
        bar.elapsed_seconds = job->elapsed_seconds;
        bar.render(canvas, Rect{inner.x, inner.y + 1, inner.width, 1}, glyphs);
      }
      return;
    }
  } else {
    lines = preview_lines(*preview, backup_);
  }
  const int height = std::max(0, inner.height - 1);
  page_ = std::max(1, height);
  scroll_ = std::clamp(scroll_, 0, std::max(0, static_cast<int>(lines.size()) - height));
  for (int row = 0; row < height; ++row) {
    const auto index = static_cast<std::size_t>(scroll_ + row);
    if (index >= lines.size()) {
      break;
    }
    canvas.text(inner.x, inner.y + row, tui::truncate_to_width(lines[index].text, inner.width, glyphs.ascii),
                lines[index].style, inner);
  }
  const bool can_go_on = preview != nullptr && preview->ready && preview->error.empty();
  canvas.text(
      inner.x, inner.bottom() - 1,
      can_go_on ? "Enter continue (type the name to confirm)  PgUp/PgDn scroll  Esc back" : "Esc back",
      {Role::kMuted, kAttrNone}, inner);
}

void RestoreFlow::render(tui::Canvas& canvas, Rect area, const backup::BackupsSnapshot* listing,
                         const core::JobsSnapshot& jobs, const tui::Glyphs& glyphs) {
  if (stage_ == Stage::kDone) {
    return;
  }
  const Style body{Role::kDialog, kAttrNone};
  if (stage_ == Stage::kTarget) {
    const Rect frame = tui::centered(area, std::min(area.width, 76), 8);
    canvas.fill(frame, U' ', body);
    canvas.box(frame, "Restore " + backup_.id + " (" + backup_.kind + ")", {Role::kBorder, kAttrNone},
               glyphs.ascii);
    const Rect inner = frame.inset(1);
    canvas.text(inner.x + 1, inner.y, "Restore into:", body, inner);
    target_.render(canvas, Rect{inner.x + 1, inner.y + 2, inner.width - 2, 1},
                   {Role::kInput, tui::kAttrUnderline});
    if (!problem_.empty()) {
      canvas.text(inner.x + 1, inner.y + 3, problem_, {Role::kCrit, kAttrNone}, inner);
    }
    canvas.text(inner.x + 1, inner.bottom() - 1, "Enter preview the changes  Esc cancel",
                {Role::kMuted, kAttrNone}, inner);
    return;
  }
  const Rect frame = tui::centered(area, std::min(area.width, 100), area.height);
  canvas.fill(frame, U' ', body);
  canvas.box(frame, "Restore " + backup_.id + " into " + requested_target_ + ": what changes",
             {Role::kBorder, kAttrNone}, glyphs.ascii);
  render_preview(canvas, frame.inset(1), listing, jobs, glyphs);
  if (confirm_) {
    confirm_->render(canvas, area, glyphs);
  }
}

}  // namespace opsdeck::views
