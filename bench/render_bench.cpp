// Cost of composing one whole console frame into a Canvas (no terminal): what the UI thread pays per redraw
// before ncurses diffs it. Overview with the local stack's two servers up; Jobs with 1,000 jobs and a full
// 2,000-line log ring, at 120x40 (the size bench/console_idle.sh runs the real console at).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "tui/app/console_shell.hpp"
#include "views/jobs_view.hpp"
#include "views/overview_view.hpp"

namespace {

using opsdeck::tui::Canvas;
using opsdeck::tui::Snapshot;
using opsdeck::tui::app::ConsoleShell;

constexpr int kWidth = 120;
constexpr int kHeight = 40;
constexpr int kJobCount = 1000;
constexpr int kLogLines = 2000;

opsdeck::metrics::ServerState server(std::string name, opsdeck::metrics::ServerKind kind,
                                     std::string version) {
  opsdeck::metrics::ServerState state;
  state.name = std::move(name);
  state.kind = kind;
  state.endpoint = "socket /tmp/opsdeck-bench/stack/" + state.name + ".sock";
  state.from_local_stack = true;
  state.checked = true;
  state.up = true;
  state.version = std::move(version);
  state.uptime_seconds = 3723;
  state.connections = 3;
  state.operations_per_second = 12.5;
  return state;
}

Snapshot make_snapshot(int job_count = kJobCount) {
  Snapshot snapshot;
  opsdeck::tui::SessionInfo info;
  info.local_stack = true;
  info.state_dir = "/tmp/opsdeck-bench";
  info.version = "0.1.0";
  snapshot.session = std::make_shared<const opsdeck::tui::SessionInfo>(info);

  opsdeck::metrics::ServersSnapshot servers;
  servers.servers.push_back(server("mariadb", opsdeck::metrics::ServerKind::kMariadb, "11.8.3-MariaDB"));
  servers.servers.push_back(server("redis", opsdeck::metrics::ServerKind::kRedis, "8.0.2"));
  snapshot.servers = std::make_shared<const opsdeck::metrics::ServersSnapshot>(std::move(servers));

  // Newest first, as the job runner publishes them; a few running with progress, most finished.
  opsdeck::core::JobsSnapshot jobs;
  jobs.jobs.reserve(static_cast<std::size_t>(job_count));
  for (int id = job_count; id >= 1; --id) {
    opsdeck::core::JobInfo job;
    job.id = static_cast<opsdeck::core::JobId>(id);
    job.name = "backup /srv/service-" + std::to_string(id % 37);
    bool running = id > job_count - 5;
    job.state = running
                    ? opsdeck::core::JobState::kRunning
                    : (id % 17 == 0 ? opsdeck::core::JobState::kFailed : opsdeck::core::JobState::kSucceeded);
    job.progress.done = running ? 1024.0 * 1024 * id / 10 : 0;
    job.progress.total = running ? 1024.0 * 1024 * 200 : 0;
    job.progress.unit = "bytes";
    job.progress.rate_per_second = running ? 5.5e6 : 0;
    job.progress.eta_seconds = running ? 42 : -1;
    job.message = "copying data.mdb";
    job.result = running ? "" : "1.2 GiB in 3m 12s, verified";
    job.error = job.state == opsdeck::core::JobState::kFailed ? "disk full writing /var/backups" : "";
    job.elapsed_seconds = 192;
    jobs.jobs.push_back(std::move(job));
  }
  snapshot.jobs = std::make_shared<const opsdeck::core::JobsSnapshot>(std::move(jobs));

  opsdeck::core::LogSnapshot logs;
  logs.lines.reserve(kLogLines);
  for (int i = 0; i < kLogLines; ++i) {
    opsdeck::core::LogLine line;
    line.level = i % 50 == 0 ? opsdeck::core::LogLevel::kWarn : opsdeck::core::LogLevel::kInfo;
    line.source = "job " + std::to_string(i % kJobCount + 1);
    line.text = "copied segment " + std::to_string(i) + " of /srv/service/data.mdb (4.0 MiB)";
    logs.lines.push_back(std::move(line));
  }
  logs.total = kLogLines;
  snapshot.logs = std::make_shared<const opsdeck::core::LogSnapshot>(std::move(logs));
  snapshot.now = std::chrono::system_clock::now();
  return snapshot;
}

std::unique_ptr<ConsoleShell> make_shell() {
  std::vector<std::unique_ptr<opsdeck::tui::View>> views;
  views.push_back(std::make_unique<opsdeck::views::OverviewView>());
  views.push_back(std::make_unique<opsdeck::views::JobsView>());
  return std::make_unique<ConsoleShell>(
      std::move(views), [](const opsdeck::tui::Command&) { return std::string(); },
      std::vector<std::string>{"default", "light", "high-contrast"});
}

// A whole frame as the console loop builds it: a fresh Canvas, then ConsoleShell::render.
void render_frame(benchmark::State& state, std::string_view view_id, int job_count = kJobCount) {
  Snapshot snapshot = make_snapshot(job_count);
  auto shell = make_shell();
  shell->switch_to(view_id);
  for (auto _ : state) {
    Canvas canvas(kWidth, kHeight);
    shell->render(snapshot, canvas);
    benchmark::DoNotOptimize(canvas.at(0, 0));
  }
  state.counters["cells"] = benchmark::Counter(static_cast<double>(kWidth * kHeight));
}

void BM_OverviewFrame120x40(benchmark::State& state) {
  render_frame(state, "overview");
}
void BM_JobsFrame120x40_1000Jobs_2000LogLines(benchmark::State& state) {
  render_frame(state, "jobs");
}

// How the Jobs frame scales with the number of jobs: the view rebuilds its whole table every frame.
void BM_JobsFrame120x40_ByJobCount(benchmark::State& state) {
  render_frame(state, "jobs", static_cast<int>(state.range(0)));
}
// The floor under every frame: allocating and clearing the frame's canvas.
void BM_CanvasAllocateAndClear120x40(benchmark::State& state) {
  for (auto _ : state) {
    Canvas canvas(kWidth, kHeight);
    canvas.clear();
    benchmark::DoNotOptimize(canvas.at(0, 0));
  }
}

BENCHMARK(BM_OverviewFrame120x40)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_JobsFrame120x40_1000Jobs_2000LogLines)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_JobsFrame120x40_ByJobCount)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CanvasAllocateAndClear120x40)->Unit(benchmark::kMicrosecond);

}  // namespace
