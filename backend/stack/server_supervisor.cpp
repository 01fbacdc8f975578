// Start, status and stop for one stack server. The start path polls (connect + query) rather than trusting a
// "ready" line in a log, and watches the child while it does: a server that dies during start is reported at
// once, with the end of its log, instead of after the whole timeout.
#include "backend/stack/server_supervisor.hpp"

#include <signal.h>

#include <system_error>
#include <thread>

#include "backend/core/process.hpp"

namespace opsdeck::stack {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kLogLinesInErrors = 12;
constexpr auto kProbeInterval = std::chrono::milliseconds(100);

std::string seconds_text(std::chrono::seconds seconds) {
  return std::to_string(seconds.count()) + " s";
}

}  // namespace

ServerSupervisor::ServerSupervisor(StackServer& server, const StackSettings& settings)
    : server_(server),
      start_timeout_(settings.start_timeout),
      stop_timeout_(settings.stop_timeout),
      on_progress_(settings.on_progress) {
}

void ServerSupervisor::progress(const std::string& message) const {
  if (on_progress_) {
    on_progress_(message);
  }
}

ProcessIdentity ServerSupervisor::identity() const {
  auto binary = server_.find_binary();
  // Without the binary (not installed, or misconfigured) still recognise a server by its program name.
  return {binary ? *binary : fs::path(server_.program()), server_.paths().data_dir};
}

ServerStatus ServerSupervisor::base_status() const {
  ServerStatus status;
  status.name = std::string(server_.name());
  status.socket = server_.paths().socket.string();
  status.tcp_port = server_.tcp_port();
  status.tls = server_.tls();
  return status;
}

void ServerSupervisor::fill_from_probe(ServerStatus& status, const ServerProbe& probe) const {
  status.running = true;
  status.version = probe.version;
  status.uptime_seconds = probe.uptime_seconds;
}

ServerStatus ServerSupervisor::status() const {
  ServerStatus status = base_status();
  const auto state = inspect_pid_file(server_.paths().pid_file, identity());
  switch (state.kind) {
    case PidFileState::Kind::kAbsent:
      status.note = "not running (no pid file)";
      return status;
    case PidFileState::Kind::kStale:
      status.note = "not running (stale pid file: " + state.reason + ")";
      return status;
    case PidFileState::Kind::kLive:
      break;
  }
  status.pid = state.pid;
  auto probe = server_.probe();
  if (!probe) {
    status.note =
        "process " + std::to_string(state.pid) + " alive but not answering: " + probe.error().message;
    return status;
  }
  fill_from_probe(status, *probe);
  return status;
}

core::Result<ServerStatus> ServerSupervisor::ensure_running(std::stop_token stop) {
  stop_ = std::move(stop);
  const auto& paths = server_.paths();
  const auto state = inspect_pid_file(paths.pid_file, identity());
  if (state.kind == PidFileState::Kind::kLive) {
    // It may still be starting (crash recovery can take a while): give it the start timeout to answer.
    const auto deadline = Clock::now() + start_timeout_;
    for (;;) {
      auto probe = server_.probe();
      if (probe) {
        // after_start is idempotent; running it here too repairs a stack whose starter died between
        // spawning the server and preparing it (the database would otherwise never be created).
        if (auto prepared = server_.after_start(); !prepared) {
          return core::fail(prepared.error().category, std::string(server_.program()) + " (pid " +
                                                           std::to_string(state.pid) + ") is running but " +
                                                           prepared.error().message);
        }
        ServerStatus status = base_status();
        status.pid = state.pid;
        status.note = "reused";
        fill_from_probe(status, *probe);
        return status;
      }
      core::reap_if_exited_child(state.pid);
      if (!core::pid_alive(state.pid)) {
        break;  // died while we waited: start a new one below
      }
      if (Clock::now() >= deadline) {
        return core::fail(core::ErrorCategory::kTimeout,
                          std::string(server_.program()) + " (pid " + std::to_string(state.pid) +
                              ") is running but did not answer on " + paths.socket.string() + " within " +
                              seconds_text(start_timeout_) + ": " + probe.error().message);
      }
      if (stop_.stop_requested()) {
        return core::fail(core::ErrorCategory::kCancelled,
                          "cancelled while waiting for " + std::string(server_.program()) + " to answer");
      }
      std::this_thread::sleep_for(kProbeInterval);
    }
  }
  std::string note;
  if (state.kind != PidFileState::Kind::kAbsent) {
    OPSDECK_TRY(remove_pid_file(paths.pid_file));
    note = "stale pid file replaced (" +
           (state.kind == PidFileState::Kind::kStale ? state.reason
                                                     : "process " + std::to_string(state.pid) + " died") +
           ")";
  }
  return start(std::move(note));
}

core::Result<ServerStatus> ServerSupervisor::start(std::string note) {
  const auto& paths = server_.paths();
  auto binary = server_.find_binary();
  if (!binary) {
    return core::Unexpected{binary.error()};
  }
  OPSDECK_TRY(server_.prepare(start_timeout_));

  std::error_code error;
  if (fs::exists(paths.socket, error)) {
    // No server of ours runs (the pid file said so), yet something may still listen there.
    if (server_.probe()) {
      return core::fail(core::ErrorCategory::kConflict,
                        "a server already answers on " + paths.socket.string() + " but " +
                            paths.pid_file.string() + " does not name it: stop it first");
    }
    fs::remove(paths.socket, error);
  }

  progress("starting " + std::string(server_.program()) + "...");
  core::SpawnOptions spawn;
  spawn.argv = server_.command_line(*binary);
  spawn.working_directory = paths.data_dir;
  spawn.stdout_target = core::OutputTarget::append_to(paths.log_file);
  spawn.stderr_target = core::OutputTarget::same_as_stdout();
  spawn.new_session = true;
  auto child = core::ChildProcess::spawn(spawn);
  if (!child) {
    return core::Unexpected{child.error()};
  }

  const auto deadline = Clock::now() + start_timeout_;
  core::Result<ServerProbe> probe = core::fail(core::ErrorCategory::kUnavailable, "not asked yet");
  for (;;) {
    if (auto exit = child->poll()) {
      if (auto pid = read_pid_file(paths.pid_file); pid && *pid == child->pid()) {
        (void)remove_pid_file(paths.pid_file);
      }
      return core::fail(core::ErrorCategory::kUnavailable,
                        std::string(server_.program()) + " exited during start (" + exit->describe() +
                            "); last lines of " + paths.log_file.string() + ":\n" +
                            last_lines_of_file(paths.log_file, kLogLinesInErrors));
    }
    probe = server_.probe();
    if (probe) {
      break;
    }
    if (Clock::now() >= deadline) {
      // The child's destructor kills it: a server that never answered is of no use half-started.
      return core::fail(core::ErrorCategory::kTimeout,
                        std::string(server_.program()) + " did not answer on " + paths.socket.string() +
                            " within " + seconds_text(start_timeout_) + " (" + probe.error().message +
                            "); last lines of " + paths.log_file.string() + ":\n" +
                            last_lines_of_file(paths.log_file, kLogLinesInErrors));
    }
    if (stop_.stop_requested()) {
      // The child's destructor stops the half-started server, as on a timeout.
      return core::fail(core::ErrorCategory::kCancelled,
                        "cancelled while " + std::string(server_.program()) + " was starting");
    }
    std::this_thread::sleep_for(kProbeInterval);
  }

  const pid_t pid = child->release();
  // Both servers write their own pid file; make sure it is there and right before anyone relies on it.
  if (auto written = read_pid_file(paths.pid_file); !written || *written != pid) {
    OPSDECK_TRY(write_pid_file(paths.pid_file, pid));
  }
  if (auto prepared = server_.after_start(); !prepared) {
    return core::fail(prepared.error().category, std::string(server_.program()) + " started (pid " +
                                                     std::to_string(pid) + ") but " +
                                                     prepared.error().message);
  }

  ServerStatus status = base_status();
  status.pid = pid;
  status.note = note.empty() ? "started" : "started; " + note;
  fill_from_probe(status, *probe);
  return status;
}

StackDownReport::Entry ServerSupervisor::stop() {
  const auto& paths = server_.paths();
  StackDownReport::Entry entry;
  entry.name = std::string(server_.name());
  const auto state = inspect_pid_file(paths.pid_file, identity());
  if (state.kind == PidFileState::Kind::kAbsent) {
    entry.stopped = true;
    entry.note = "not running";
    return entry;
  }
  if (state.kind == PidFileState::Kind::kStale) {
    entry.stopped = true;
    auto removed = remove_pid_file(paths.pid_file);
    entry.note = removed ? "not running; stale pid file removed (" + state.reason + ")"
                         : "not running; " + removed.error().message;
    return entry;
  }
  entry.pid = state.pid;
  entry.was_running = true;
  progress("stopping " + std::string(server_.program()) + " (pid " + std::to_string(state.pid) + ")...");
  if (auto signalled = core::send_signal(state.pid, SIGTERM);
      !signalled && signalled.error().category != core::ErrorCategory::kNotFound) {
    entry.note = "still running (pid " + std::to_string(state.pid) + "): " + signalled.error().message;
    return entry;
  }
  if (!core::wait_until_gone(state.pid, stop_timeout_)) {
    entry.note =
        "still running after " + seconds_text(stop_timeout_) + " (pid " + std::to_string(state.pid) + ")";
    return entry;
  }
  entry.stopped = true;
  entry.note = "stopped";
  // Both servers remove their pid file on a clean shutdown; a crash during shutdown does not.
  if (auto pid = read_pid_file(paths.pid_file); pid && *pid == state.pid) {
    (void)remove_pid_file(paths.pid_file);
  }
  return entry;
}

}  // namespace opsdeck::stack
