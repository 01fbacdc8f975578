// Backups view: sources on top, the repository's backups in the middle, console jobs and the last restore's
// outcome at the bottom, the restore flow as an overlay.
#include "views/backups_view.hpp"

#include <algorithm>
#include <chrono>

#include "backend/backup/backup_console_commands.hpp"
#include "backend/core/time_format.hpp"
#include "tui/widgets/format.hpp"
#include "tui/widgets/progress_bar.hpp"
#include "tui/widgets/text_wrap.hpp"
#include "views/backup_age.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Rect;
using tui::Role;

namespace {

constexpr int kActivityHeight = 7;

std::int64_t unix_now(const tui::Snapshot& snapshot, const backup::BackupsSnapshot& listing) {
  if (snapshot.now == std::chrono::system_clock::time_point{}) {
    return listing.taken_at;  // tests and the first frame: the engine's clock
  }
  return std::chrono::duration_cast<std::chrono::seconds>(snapshot.now.time_since_epoch()).count();
}

const core::JobInfo* job_info(const core::JobsSnapshot& jobs, core::JobId id) {
  for (const auto& info : jobs.jobs) {
    if (info.id == id) {
      return &info;
    }
  }
  return nullptr;
}

std::string when(std::int64_t unix_seconds) {
  return unix_seconds > 0 ? core::format_utc(unix_seconds).substr(0, 16) : "";
}

}  // namespace

BackupsView::BackupsView(BackupsSource source)
    : source_(std::move(source)),
      sources_({{"source", 0, 2, 8},
                {"directory", 0, 3, 10},
                {"last backup", 16},
                {"age", 12, 0, 0, tui::Align::kRight}}),
      backups_({{"id", 14},
                {"source", 0, 1, 8},
                {"kind", 9},
                {"size", 10, 0, 0, tui::Align::kRight},
                {"files", 7, 0, 0, tui::Align::kRight},
                {"verification", 0, 4, 12},
                {"contents", 0, 2, 0}}) {
}

std::vector<tui::KeyHint> BackupsView::keys() const {
  return {{"b", "back up source"},
          {"v", "verify"},
          {"V", "verify data"},
          {"r", "restore"},
          {"f", backups_focused_ ? "sources" : "backups"},
          {"R", "reload"}};
}

std::vector<tui::Action> BackupsView::actions() const {
  return {{std::string(backup::kBackupRefreshCommand), "list the backup repository again"}};
}

bool BackupsView::capturing_input() const {
  return restore_.has_value() || sources_.editing_filter() || backups_.editing_filter();
}

void BackupsView::fill_tables(const backup::BackupsSnapshot& listing, std::int64_t now) {
  std::vector<tui::TableRow> rows;
  for (const auto& source : listing.sources) {
    tui::TableRow row;
    row.id = source.name;
    row.cells = {tui::TableCell(source.name + (source.configured ? "" : " (not configured)")),
                 tui::TableCell(source.location),
                 tui::TableCell(source.last_backup_id.empty() ? "-" : when(source.last_backup_at),
                                source.last_backup_id),
                 tui::TableCell(age_text(source.last_backup_at, now), std::to_string(source.last_backup_at))};
    row.role = age_role(backup::classify_age(listing.policy, source.last_backup_at, now));
    rows.push_back(std::move(row));
  }
  sources_.set_rows(std::move(rows));

  rows.clear();
  for (const auto& entry : listing.backups) {
    tui::TableRow row;
    row.id = entry.id;
    row.cells = {
        tui::TableCell(entry.id),
        tui::TableCell(entry.source),
        tui::TableCell(entry.kind),
        tui::TableCell(tui::format_bytes(static_cast<double>(entry.size)), std::to_string(entry.size)),
        tui::TableCell(std::to_string(entry.files)),
        tui::TableCell(verification_text(entry.verification)),
        tui::TableCell(entry.contents)};
    if (entry.verification.state == backup::VerifyState::kFailed) {
      row.role = Role::kCrit;
    }
    rows.push_back(std::move(row));
  }
  backups_.set_rows(std::move(rows));
}

const backup::BackupEntry* BackupsView::selected_backup(const backup::BackupsSnapshot& listing) const {
  const tui::TableRow* row = backups_.selected_row();
  return row != nullptr ? listing.find(row->id) : nullptr;
}

void BackupsView::render_activity(const tui::Snapshot& snapshot, const backup::BackupsSnapshot& listing,
                                  tui::Canvas& canvas, Rect box) {
  canvas.box(box, "Activity", {Role::kBorder, kAttrNone}, snapshot.ascii);
  const Rect inner = box.inset(1);
  if (inner.empty()) {
    return;
  }
  const tui::Glyphs& glyphs = tui::glyphs_for(snapshot.ascii);
  int y = inner.y;
  auto line = [&](const std::string& text, tui::Style style) {
    if (y < inner.bottom()) {
      canvas.text(inner.x, y++, tui::truncate_to_width(text, inner.width, snapshot.ascii), style, inner);
    }
  };
  if (!notice_.empty()) {
    line(notice_, {Role::kWarn, kAttrNone});
  }
  for (const auto& running : listing.running) {
    const core::JobInfo* info = job_info(*snapshot.jobs, running.id);
    line("#" + std::to_string(running.id) + " " + backup::job_label(running) +
             (info != nullptr ? "  " + std::string(core::to_string(info->state)) : ""),
         {Role::kAccent, kAttrBold});
    if (info == nullptr || y >= inner.bottom()) {
      continue;
    }
    tui::ProgressBar bar;
    bar.done = info->progress.done;
    if (info->progress.total > 0) {
      bar.total = info->progress.total;
    }
    bar.rate_per_second = info->progress.rate_per_second;
    bar.elapsed_seconds = info->elapsed_seconds;
    bar.bytes = info->progress.unit == "bytes" || info->progress.unit.empty();
    bar.render(canvas, Rect{inner.x, y++, inner.width, 1}, glyphs);
    if (!info->message.empty()) {
      line("  " + info->message, {Role::kMuted, kAttrNone});
    }
  }
  // How the newest finished job ended; a restore's outcome (its rollback message) stays until the next one.
  std::vector<backup::ConsoleJob> outcomes;
  if (listing.last_finished &&
      (!listing.last_restore || listing.last_finished->id != listing.last_restore->id)) {
    outcomes.push_back(*listing.last_finished);
  }
  if (listing.last_restore) {
    outcomes.push_back(*listing.last_restore);
  }
  for (const auto& outcome : outcomes) {
    const core::JobInfo* info = job_info(*snapshot.jobs, outcome.id);
    if (info != nullptr && core::is_finished(info->state)) {
      const bool ok = info->state == core::JobState::kSucceeded;
      const std::string text = ok ? info->result
                                  : backup::job_label(outcome) + " " +
                                        std::string(core::to_string(info->state)) + ": " + info->error;
      for (const auto& wrapped : tui::wrap_text(text, inner.width)) {
        line(wrapped, {ok ? Role::kOk : Role::kCrit, kAttrNone});
      }
    }
  }
  if (y == inner.y) {
    line(listing.sources.empty() ? "name sources in backup.sources (name=/path;...) to back them up here"
                                 : "b backs up the selected source; r restores the selected backup",
         {Role::kMuted, kAttrNone});
  }
}

void BackupsView::render(const tui::Snapshot& snapshot, tui::Canvas& canvas) {
  const tui::Glyphs& glyphs = tui::glyphs_for(snapshot.ascii);
  const Rect area = canvas.bounds();
  auto listing = source_ ? source_(snapshot) : nullptr;
  if (!listing || !listing->loaded) {
    canvas.box(area, "Backups", {Role::kBorder, kAttrNone}, snapshot.ascii);
    canvas.text(2, 1, "reading the backup repository...", {Role::kMuted, kAttrNone}, area.inset(1));
    return;
  }
  const std::int64_t now = unix_now(snapshot, *listing);
  fill_tables(*listing, now);

  const int sources_height =
      std::clamp(static_cast<int>(listing->sources.size()) + 3, 4, std::max(4, area.height / 3));
  const int activity_height = std::min(kActivityHeight, std::max(3, area.height - sources_height - 5));
  const Rect sources_box{area.x, area.y, area.width, sources_height};
  const Rect activity_box{area.x, area.bottom() - activity_height, area.width, activity_height};
  const Rect backups_box{area.x, sources_box.bottom(), area.width,
                         std::max(0, activity_box.y - sources_box.bottom())};

  canvas.box(sources_box, "Sources " + sources_.count_label(),
             {backups_focused_ ? Role::kBorder : Role::kAccent, kAttrNone}, snapshot.ascii);
  sources_.render(canvas, sources_box.inset(1), glyphs, !backups_focused_);

  canvas.box(backups_box, "Backups " + backups_.count_label() + "  " + listing->repo.string(),
             {backups_focused_ ? Role::kAccent : Role::kBorder, kAttrNone}, snapshot.ascii);
  const Rect backups_inner = backups_box.inset(1);
  if (!listing->error.empty() || !listing->note.empty()) {
    const bool failed = !listing->error.empty();
    int y = backups_inner.y;
    for (const auto& text : tui::wrap_text(failed ? listing->error : listing->note, backups_inner.width)) {
      canvas.text(backups_inner.x, y++, text, {failed ? Role::kCrit : Role::kMuted, kAttrNone},
                  backups_inner);
    }
  } else {
    backups_.render(canvas, backups_inner, glyphs, backups_focused_);
  }
  render_activity(snapshot, *listing, canvas, activity_box);

  if (restore_) {
    restore_->render(canvas, area, listing.get(), *snapshot.jobs, glyphs);
  }
}

tui::HandleResult BackupsView::act(char32_t key, const backup::BackupsSnapshot& listing) {
  notice_.clear();
  if (key == U'b') {
    const tui::TableRow* row = sources_.selected_row();
    if (row == nullptr) {
      notice_ = "no source selected: name sources in backup.sources";
      return tui::HandleResult::redraw();
    }
    for (const auto& source : listing.sources) {
      if (source.name == row->id) {
        // A source only the repository knows is backed up by its directory.
        const std::string what = source.configured ? source.name : source.location;
        if (what.empty()) {
          notice_ = source.name + " is not configured; add it to backup.sources to back it up";
          return tui::HandleResult::redraw();
        }
        return tui::HandleResult::run(tui::Command{std::string(backup::kBackupCreateCommand), {what}});
      }
    }
    return tui::HandleResult::redraw();
  }
  const backup::BackupEntry* entry = selected_backup(listing);
  if (entry == nullptr) {
    notice_ = "no backup selected";
    return tui::HandleResult::redraw();
  }
  if (key == U'v' || key == U'V') {
    std::vector<std::string> args{entry->id};
    if (key == U'V') {
      args.emplace_back(backup::kReadDataFlag);
    }
    return tui::HandleResult::run(tui::Command{std::string(backup::kBackupVerifyCommand), std::move(args)});
  }
  restore_.emplace(*entry);
  return tui::HandleResult::redraw();
}

tui::HandleResult BackupsView::on_key(const tui::Key& key, const tui::Snapshot& snapshot) {
  auto listing = source_ ? source_(snapshot) : nullptr;
  if (restore_) {
    auto result = restore_->on_key(key, listing.get());
    if (restore_->done()) {
      restore_.reset();
    }
    return result;
  }
  tui::Table& focused = backups_focused_ ? backups_ : sources_;
  if (!focused.editing_filter() && listing && listing->loaded) {
    if (key.is_char(U'f') || key.code == tui::Key::Code::kLeft || key.code == tui::Key::Code::kRight) {
      backups_focused_ = key.code == tui::Key::Code::kLeft    ? false
                         : key.code == tui::Key::Code::kRight ? true
                                                              : !backups_focused_;
      return tui::HandleResult::redraw();
    }
    if (key.is_char(U'R')) {
      return tui::HandleResult::run(tui::Command{std::string(backup::kBackupRefreshCommand), {}});
    }
    if (key.is_char(U'b') || key.is_char(U'v') || key.is_char(U'V') || key.is_char(U'r')) {
      return act(key.ch, *listing);
    }
  }
  return focused.on_key(key) ? tui::HandleResult::redraw() : tui::HandleResult::ignored();
}

}  // namespace opsdeck::views
