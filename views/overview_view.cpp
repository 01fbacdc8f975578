// Overview layout: server cards side by side when there is room (stacked otherwise), a line on where the
// servers come from, then the running jobs with progress bars.
#include "views/overview_view.hpp"

#include <algorithm>

#include "tui/widgets/format.hpp"
#include "tui/widgets/progress_bar.hpp"
#include "views/server_card.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Rect;
using tui::Role;

namespace {

constexpr int kMinCardWidth = 36;

void render_jobs(tui::Canvas& canvas, Rect area, const core::JobsSnapshot& jobs, bool ascii) {
  canvas.box(area, "Jobs", {Role::kBorder, kAttrNone}, ascii);
  Rect inner = area.inset(1);
  if (inner.empty()) {
    return;
  }
  int y = inner.y;
  std::size_t finished_shown = 0;
  for (const auto& job : jobs.jobs) {
    if (y >= inner.bottom()) {
      break;
    }
    bool active = !core::is_finished(job.state);
    // Running jobs first (jobs are newest first), then the three latest finished ones for context.
    if (!active && finished_shown >= 3) {
      continue;
    }
    finished_shown += active ? 0 : 1;
    Role role = job.state == core::JobState::kFailed      ? Role::kCrit
                : job.state == core::JobState::kSucceeded ? Role::kOk
                : job.state == core::JobState::kCancelled ? Role::kWarn
                                                          : Role::kAccent;
    std::string head = "#" + std::to_string(job.id) + " " + job.name;
    canvas.text(inner.x + 1, y, tui::truncate_to_width(head, 28, ascii), {Role::kDefault, kAttrBold}, inner);
    canvas.text(inner.x + 30, y, std::string(core::to_string(job.state)), {role, kAttrNone}, inner);
    Rect rest{inner.x + 41, y, inner.right() - inner.x - 41, 1};
    if (active && job.progress.total > 0) {
      tui::ProgressBar bar;
      bar.done = job.progress.done;
      bar.total = job.progress.total;
      bar.rate_per_second = job.progress.rate_per_second;
      bar.elapsed_seconds = job.elapsed_seconds;
      bar.bytes = job.progress.unit == "bytes";
      bar.render(canvas, rest, tui::glyphs_for(ascii));
    } else {
      std::string detail = active ? job.message : (job.error.empty() ? job.result : job.error);
      canvas.text(rest.x, y, tui::truncate_to_width(detail, rest.width, ascii), {Role::kMuted, kAttrNone},
                  inner);
    }
    ++y;
  }
  if (jobs.jobs.empty()) {
    canvas.text(inner.x + 1, inner.y, "no jobs yet", {Role::kMuted, kAttrNone}, inner);
  }
}

}  // namespace

std::string format_uptime(std::int64_t seconds) {
  if (seconds < 0) {
    return "-";
  }
  std::int64_t days = seconds / 86400, hours = seconds % 86400 / 3600, minutes = seconds % 3600 / 60;
  auto two = [](std::int64_t value) { return (value < 10 ? "0" : "") + std::to_string(value); };
  if (days > 0) {
    return std::to_string(days) + "d " + std::to_string(hours) + "h";
  }
  if (hours > 0) {
    return std::to_string(hours) + "h " + two(minutes) + "m";
  }
  if (minutes > 0) {
    return std::to_string(minutes) + "m " + two(seconds % 60) + "s";
  }
  return std::to_string(seconds) + "s";
}

std::vector<tui::KeyHint> OverviewView::keys() const {
  return {{"u", "start local stack"}, {"j", "jobs"}};
}

std::vector<tui::Action> OverviewView::actions() const {
  return {{"stack.up", "start the local stack (mariadbd and redis-server)"}};
}

void OverviewView::render(const tui::Snapshot& snapshot, tui::Canvas& canvas) {
  Rect area = canvas.bounds();
  const auto& servers = snapshot.servers->servers;
  int count = std::max<int>(1, static_cast<int>(servers.size()));
  bool side_by_side = area.width / count >= kMinCardWidth;
  int y = area.y;
  if (servers.empty()) {
    canvas.text(1, y++, "no servers configured", {Role::kMuted, kAttrNone});
  } else if (side_by_side) {
    int width = area.width / count;
    for (int i = 0; i < count; ++i) {
      Rect card{area.x + i * width, y, i == count - 1 ? area.width - i * width : width, kServerCardHeight};
      render_server_card(canvas, card, servers[static_cast<std::size_t>(i)], snapshot.ascii);
    }
    y += kServerCardHeight;
  } else {
    for (const auto& server : servers) {
      render_server_card(canvas, Rect{area.x, y, area.width, kServerCardHeight}, server, snapshot.ascii);
      y += kServerCardHeight;
    }
  }
  const auto& session = *snapshot.session;
  std::string source =
      session.local_stack
          ? "Local stack under " + (session.state_dir / "stack").string() + " (opsdeck stack down stops it)"
          : "Servers from " + (session.config_file.empty() ? "the environment" : session.config_file);
  canvas.text(1, y, tui::truncate_to_width(source, area.width - 2, snapshot.ascii),
              {Role::kMuted, kAttrNone});
  ++y;
  if (y < area.bottom()) {
    render_jobs(canvas, Rect{area.x, y, area.width, area.bottom() - y}, *snapshot.jobs, snapshot.ascii);
  }
}

tui::HandleResult OverviewView::on_key(const tui::Key& key, const tui::Snapshot&) {
  if (key.is_char(U'u')) {
    return tui::HandleResult::run(tui::Command{"stack.up", {}});
  }
  if (key.is_char(U'j')) {
    return tui::HandleResult::switch_to("jobs");
  }
  return tui::HandleResult::ignored();
}

}  // namespace opsdeck::views
