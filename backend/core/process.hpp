// Child processes without surprises: spawning (posix_spawn, close-on-exec everywhere, signal mask and
// dispositions reset, optional new session), waiting with a timeout, run-and-capture for short tools, and
// questions about any pid (alive? which program? which directory?). The stack starts mariadbd and
// redis-server with these; later engines run mariadb-dump, openssl and the like.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backend/core/result.hpp"

namespace opsdeck::core {

// Where a child's stdout or stderr goes.
struct OutputTarget {
  enum class Kind { kInherit, kNull, kFile, kPipe, kStdout };
  Kind kind = Kind::kInherit;
  std::filesystem::path file;  // kFile: opened in the child with O_APPEND | O_CREAT, mode 0600

  static OutputTarget inherit() { return {}; }
  static OutputTarget null() { return {Kind::kNull, {}}; }
  static OutputTarget append_to(std::filesystem::path path) { return {Kind::kFile, std::move(path)}; }
  static OutputTarget pipe() { return {Kind::kPipe, {}}; }
  // stderr only: wherever stdout goes (2>&1).
  static OutputTarget same_as_stdout() { return {Kind::kStdout, {}}; }
};

struct SpawnOptions {
  std::vector<std::string> argv;  // argv[0] is the program: a path, or a name searched in PATH
  std::vector<std::pair<std::string, std::string>> environment;  // added to (or replacing in) ours
  std::optional<std::filesystem::path> working_directory;
  OutputTarget stdout_target;
  OutputTarget stderr_target;
  // A daemon gets its own session (setsid): no controlling terminal, and a Ctrl-C in the console's terminal
  // or the CLI exiting does not reach it. stdin always comes from /dev/null.
  bool new_session = false;
};

// How a child ended.
struct ExitStatus {
  int code = 0;    // exit code when exited normally
  int signal = 0;  // terminating signal, 0 when it exited
  bool success() const { return signal == 0 && code == 0; }
  std::string describe() const;  // "exit code 1", "killed by signal 9 (Killed)"
};

// Owns one child. The destructor kills (SIGKILL) and reaps a child still running, so neither zombies nor
// orphans outlive an early return; release() hands a daemon over to the world instead.
class ChildProcess {
 public:
  static Result<ChildProcess> spawn(const SpawnOptions& options);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Read ends of OutputTarget::pipe() (-1 otherwise); owned by this object.
  int stdout_fd() const { return stdout_fd_; }
  int stderr_fd() const { return stderr_fd_; }

  // Reaps without blocking: the exit status once the child ended, nullopt while it runs.
  std::optional<ExitStatus> poll();
  // Waits at most `timeout`; nullopt when the child is still running then.
  std::optional<ExitStatus> wait_for(std::chrono::milliseconds timeout);
  ExitStatus wait();
  Status send_signal(int signal_number) const;

  // Stop owning the child: it keeps running after this object is gone (daemons). Its exit is then
  // reaped by reap_if_exited_child() or, once this process exits, by init.
  pid_t release();

 private:
  ChildProcess(pid_t pid, int stdout_fd, int stderr_fd)
      : pid_(pid), stdout_fd_(stdout_fd), stderr_fd_(stderr_fd) {}
  void close_pipes();
  void reset();  // kill and reap a child still running, close pipes

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::optional<ExitStatus> exit_status_;
};

struct CapturedRun {
  ExitStatus status;
  std::string output;  // stdout and stderr interleaved, as a person would have seen them
};

// Runs a short tool to completion and captures what it printed. Killed (and an error returned) after
// `timeout`. A non-zero exit is not an error here: the caller decides what it means.
Result<CapturedRun> run_and_capture(const SpawnOptions& options, std::chrono::milliseconds timeout);

// True while `pid` exists and is not a zombie.
bool pid_alive(pid_t pid);
// The executable of `pid` (/proc/<pid>/exe; " (deleted)" stripped), or an error when gone or not readable.
Result<std::filesystem::path> process_exe(pid_t pid);
// The current directory of `pid` (/proc/<pid>/cwd).
Result<std::filesystem::path> process_cwd(pid_t pid);
// argv of `pid` (/proc/<pid>/cmdline).
Result<std::vector<std::string>> process_cmdline(pid_t pid);
Status send_signal(pid_t pid, int signal_number);
// Waits until `pid` is gone (not alive per pid_alive) or `timeout` passed; true when gone. Works for pids
// that are not our children (polls), and reaps them when they are.
bool wait_until_gone(pid_t pid, std::chrono::milliseconds timeout);
// If `pid` is a child of ours that has exited, reap it (a released daemon that died); harmless otherwise.
void reap_if_exited_child(pid_t pid);

// Looks for `name` in `extra_dirs` first, then in $PATH; a name with a '/' is checked as given. The error
// names every place looked in: "mariadbd not found (looked in /usr/sbin, /usr/bin, $PATH)".
Result<std::filesystem::path> find_binary(const std::string& name,
                                          const std::vector<std::filesystem::path>& extra_dirs = {});

// The name of the effective user (getpwuid), or the numeric uid when it has no entry.
std::string current_user_name();

}  // namespace opsdeck::core
