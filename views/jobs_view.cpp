// Jobs view: table on top, details of the selection, log ring at the bottom.
#include "views/jobs_view.hpp"

#include "tui/widgets/format.hpp"
#include "tui/widgets/progress_bar.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Rect;
using tui::Role;

namespace {

std::optional<Role> role_for(core::JobState state) {
  switch (state) {
    case core::JobState::kFailed:
      return Role::kCrit;
    case core::JobState::kCancelled:
      return Role::kWarn;
    case core::JobState::kRunning:
      return Role::kAccent;
    default:
      return std::nullopt;
  }
}

std::string progress_text(const core::JobInfo& job) {
  const auto& progress = job.progress;
  if (progress.total <= 0) {
    return progress.done > 0 ? tui::format_count(progress.done) + " " + progress.unit : "";
  }
  return tui::format_percent(progress.fraction());
}

}  // namespace

JobsView::JobsView()
    : table_({{"#", 5, 0, 0, tui::Align::kRight},
              {"job", 0, 2, 10},
              {"state", 10},
              {"progress", 9, 0, 0, tui::Align::kRight},
              {"rate", 11, 0, 0, tui::Align::kRight},
              {"ETA", 8, 0, 0, tui::Align::kRight},
              {"elapsed", 8, 0, 0, tui::Align::kRight},
              {"message", 0, 3, 12}}) {
}

std::vector<tui::KeyHint> JobsView::keys() const {
  return {{"c", "cancel job"}, {"/", "filter"}, {"s", "sort"}, {"l", log_focused_ ? "jobs" : "log"}};
}

std::vector<tui::Action> JobsView::actions() const {
  return {{"jobs.cancel", "cancel the selected job"}};
}

void JobsView::fill_table(const core::JobsSnapshot& jobs) {
  std::vector<tui::TableRow> rows;
  rows.reserve(jobs.jobs.size());
  for (const auto& job : jobs.jobs) {
    bool bytes = job.progress.unit == "bytes";
    std::string rate =
        job.progress.rate_per_second > 0 ? tui::format_rate(job.progress.rate_per_second, bytes) : "";
    std::string eta = job.state == core::JobState::kRunning && job.progress.eta_seconds >= 0
                          ? tui::format_duration(job.progress.eta_seconds)
                          : "";
    std::string detail = !job.error.empty() ? job.error : !job.result.empty() ? job.result : job.message;
    tui::TableRow row;
    row.id = std::to_string(job.id);
    row.cells = {
        tui::TableCell(std::to_string(job.id)),
        tui::TableCell(job.name),
        tui::TableCell(std::string(core::to_string(job.state))),
        tui::TableCell(progress_text(job), std::to_string(job.progress.fraction())),
        tui::TableCell(rate, std::to_string(job.progress.rate_per_second)),
        tui::TableCell(eta, std::to_string(job.progress.eta_seconds)),
        tui::TableCell(tui::format_duration(job.elapsed_seconds), std::to_string(job.elapsed_seconds)),
        tui::TableCell(detail)};
    row.role = role_for(job.state);
    rows.push_back(std::move(row));
  }
  table_.set_rows(std::move(rows));
}

void JobsView::render(const tui::Snapshot& snapshot, tui::Canvas& canvas) {
  const tui::Glyphs& glyphs = tui::glyphs_for(snapshot.ascii);
  Rect area = canvas.bounds();
  if (snapshot.jobs != rows_from_) {
    fill_table(*snapshot.jobs);
    rows_from_ = snapshot.jobs;
  }
  int table_height = std::max(4, area.height * 2 / 5);
  Rect table_box{area.x, area.y, area.width, table_height};
  canvas.box(table_box, "Jobs " + table_.count_label(),
             {log_focused_ ? Role::kBorder : Role::kAccent, kAttrNone}, snapshot.ascii);
  table_.render(canvas, table_box.inset(1), glyphs, !log_focused_);

  int y = table_box.bottom();
  const tui::TableRow* selected = table_.selected_row();
  const core::JobInfo* job = nullptr;
  if (selected != nullptr) {
    for (const auto& candidate : snapshot.jobs->jobs) {
      if (std::to_string(candidate.id) == selected->id) {
        job = &candidate;
      }
    }
  }
  if (job != nullptr && y + 2 <= area.bottom()) {
    std::string head =
        "#" + std::to_string(job->id) + " " + job->name + "  " + std::string(core::to_string(job->state));
    canvas.text(1, y, tui::truncate_to_width(head, area.width - 2, snapshot.ascii),
                {Role::kDefault, kAttrBold});
    if (core::is_finished(job->state)) {
      // A finished job has no progress to show; its outcome is what matters.
      bool failed = job->state != core::JobState::kSucceeded;
      std::string outcome = failed ? job->error : job->result;
      canvas.text(1, y + 1, tui::truncate_to_width(outcome, area.width - 2, snapshot.ascii),
                  {failed ? Role::kCrit : Role::kOk, kAttrNone});
    } else {
      tui::ProgressBar bar;
      bar.done = job->progress.done;
      if (job->progress.total > 0) {
        bar.total = job->progress.total;
      }
      bar.rate_per_second = job->progress.rate_per_second;
      bar.elapsed_seconds = job->elapsed_seconds;
      bar.bytes = job->progress.unit == "bytes";
      bar.render(canvas, Rect{1, y + 1, area.width - 2, 1}, glyphs);
    }
    y += 2;
  } else if (y + 2 <= area.bottom()) {
    canvas.text(1, y, "no job selected", {Role::kMuted, kAttrNone});
    y += 2;
  }
  if (y < area.bottom()) {
    Rect log_box{area.x, y, area.width, area.bottom() - y};
    canvas.box(log_box, log_.following() ? "Log (following)" : "Log",
               {log_focused_ ? Role::kAccent : Role::kBorder, kAttrNone}, snapshot.ascii);
    log_.render(canvas, log_box.inset(1), snapshot.logs->lines, glyphs);
  }
}

tui::HandleResult JobsView::on_key(const tui::Key& key, const tui::Snapshot&) {
  if (!table_.editing_filter()) {
    if (key.is_char(U'l')) {
      log_focused_ = !log_focused_;
      return tui::HandleResult::redraw();
    }
    if (key.is_char(U'c') && !log_focused_) {
      const tui::TableRow* selected = table_.selected_row();
      if (selected == nullptr) {
        return tui::HandleResult::redraw();
      }
      return tui::HandleResult::run(tui::Command{"jobs.cancel", {selected->id}});
    }
  }
  bool used = log_focused_ && !table_.editing_filter() ? log_.on_key(key) : table_.on_key(key);
  return used ? tui::HandleResult::redraw() : tui::HandleResult::ignored();
}

}  // namespace opsdeck::views
