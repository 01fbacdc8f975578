// Spawning and waiting: posix_spawn rather than fork, because fork in a threaded program may only call
// async-signal-safe functions before exec and posix_spawn does that part for us (and is cheaper).
#include "backend/core/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace opsdeck::core {
namespace {

std::string errno_text(int error_number) {
  return std::strerror(error_number);
}

// posix_spawn_file_actions_t and posix_spawnattr_t with destructors, so that every return path frees them.
class SpawnFileActions {
 public:
  SpawnFileActions() { posix_spawn_file_actions_init(&actions_); }
  ~SpawnFileActions() { posix_spawn_file_actions_destroy(&actions_); }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

class SpawnAttributes {
 public:
  SpawnAttributes() { posix_spawnattr_init(&attributes_); }
  ~SpawnAttributes() { posix_spawnattr_destroy(&attributes_); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  posix_spawnattr_t* get() { return &attributes_; }

 private:
  posix_spawnattr_t attributes_;
};

// A pipe whose ends close themselves unless handed on.
struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() = default;
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    if (read_end >= 0) {
      ::close(read_end);
    }
    if (write_end >= 0) {
      ::close(write_end);
    }
  }
  Status open() {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) {
      return fail(ErrorCategory::kIo, "cannot create a pipe: " + errno_text(errno));
    }
    read_end = ends[0];
    write_end = ends[1];
    return {};
  }
  int take_read_end() { return std::exchange(read_end, -1); }
};

// The environment for the child: ours, with `additions` added or replacing same-named entries.
std::vector<std::string> child_environment(
    const std::vector<std::pair<std::string, std::string>>& additions) {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    const auto name = text.substr(0, text.find('='));
    bool replaced = false;
    for (const auto& [key, value] : additions) {
      replaced = replaced || key == name;
    }
    if (!replaced) {
      entries.emplace_back(text);
    }
  }
  for (const auto& [key, value] : additions) {
    entries.push_back(key + "=" + value);
  }
  return entries;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto& text : strings) {
    pointers.push_back(text.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

// Adds the file action for one of stdout (1) / stderr (2). Files are opened by the child, so the parent
// never holds a descriptor another thread's spawn could inherit.
Status add_output_action(SpawnFileActions& actions, int target_fd, const OutputTarget& target, Pipe& pipe) {
  switch (target.kind) {
    case OutputTarget::Kind::kInherit:
      return {};
    case OutputTarget::Kind::kNull:
      posix_spawn_file_actions_addopen(actions.get(), target_fd, "/dev/null", O_WRONLY, 0);
      return {};
    case OutputTarget::Kind::kFile:
      posix_spawn_file_actions_addopen(actions.get(), target_fd, target.file.c_str(),
                                       O_WRONLY | O_CREAT | O_APPEND, 0600);
      return {};
    case OutputTarget::Kind::kPipe:
      OPSDECK_TRY(pipe.open());
      posix_spawn_file_actions_adddup2(actions.get(), pipe.write_end, target_fd);
      return {};
    case OutputTarget::Kind::kStdout:
      posix_spawn_file_actions_adddup2(actions.get(), STDOUT_FILENO, target_fd);
      return {};
  }
  return {};
}

ExitStatus decode_wait_status(int status) {
  ExitStatus result;
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  } else if (WIFEXITED(status)) {
    result.code = WEXITSTATUS(status);
  }
  return result;
}

}  // namespace

std::string ExitStatus::describe() const {
  if (signal != 0) {
    const char* description = sigdescr_np(signal);
    return "killed by signal " + std::to_string(signal) + " (" + (description ? description : "unknown") +
           ")";
  }
  return "exit code " + std::to_string(code);
}

Result<ChildProcess> ChildProcess::spawn(const SpawnOptions& options) {
  if (options.argv.empty() || options.argv.front().empty()) {
    return fail(ErrorCategory::kInvalidInput, "cannot start a process: no program given");
  }
  if (options.stdout_target.kind == OutputTarget::Kind::kStdout) {
    return fail(ErrorCategory::kInvalidInput, "stdout cannot be redirected to itself");
  }
  auto program = find_binary(options.argv.front());
  if (!program) {
    return Unexpected{program.error()};
  }

  SpawnFileActions actions;
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  Pipe stdout_pipe;
  Pipe stderr_pipe;
  OPSDECK_TRY(add_output_action(actions, STDOUT_FILENO, options.stdout_target, stdout_pipe));
  OPSDECK_TRY(add_output_action(actions, STDERR_FILENO, options.stderr_target, stderr_pipe));
  if (options.working_directory) {
    posix_spawn_file_actions_addchdir_np(actions.get(), options.working_directory->c_str());
  }
  // Belt and braces for close-on-exec: a descriptor some library opened without O_CLOEXEC (or the stack's
  // lock file) must not leak into a daemon that lives for weeks.
  posix_spawn_file_actions_addclosefrom_np(actions.get(), STDERR_FILENO + 1);

  SpawnAttributes attributes;
  // The console blocks SIGINT/SIGTERM/SIGHUP/SIGWINCH in every thread; a child inherits the mask and any
  // ignored dispositions, which would make mariadbd deaf to SIGTERM. Reset both.
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  sigset_t all_signals;
  sigfillset(&all_signals);
  posix_spawnattr_setsigmask(attributes.get(), &empty_mask);
  posix_spawnattr_setsigdefault(attributes.get(), &all_signals);
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (options.new_session) {
    flags |= POSIX_SPAWN_SETSID;
  }
  posix_spawnattr_setflags(attributes.get(), flags);

  std::vector<std::string> argv_strings = options.argv;
  argv_strings.front() = program->string();
  auto argv_pointers = pointers_to(argv_strings);
  auto environment = child_environment(options.environment);
  auto environment_pointers = pointers_to(environment);

  pid_t pid = -1;
  const int error_number = posix_spawn(&pid, argv_pointers.front(), actions.get(), attributes.get(),
                                       argv_pointers.data(), environment_pointers.data());
  if (error_number != 0) {
    std::string where;
    if (options.working_directory) {
      where = " in " + options.working_directory->string();
    }
    return fail(error_number == ENOENT ? ErrorCategory::kUnavailable : ErrorCategory::kIo,
                "cannot start " + program->string() + where + ": " + errno_text(error_number));
  }
  return ChildProcess(pid, stdout_pipe.take_read_end(), stderr_pipe.take_read_end());
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      stdout_fd_(std::exchange(other.stdout_fd_, -1)),
      stderr_fd_(std::exchange(other.stderr_fd_, -1)),
      exit_status_(other.exit_status_) {
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    reset();
    pid_ = std::exchange(other.pid_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    stderr_fd_ = std::exchange(other.stderr_fd_, -1);
    exit_status_ = other.exit_status_;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  reset();
}

void ChildProcess::reset() {
  close_pipes();
  if (pid_ > 0 && !exit_status_) {
    ::kill(pid_, SIGKILL);
    wait();
  }
  pid_ = -1;
}

void ChildProcess::close_pipes() {
  for (int* fd : {&stdout_fd_, &stderr_fd_}) {
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
  }
}

std::optional<ExitStatus> ChildProcess::poll() {
  if (exit_status_ || pid_ <= 0) {
    return exit_status_;
  }
  int status = 0;
  const pid_t reaped = ::waitpid(pid_, &status, WNOHANG);
  if (reaped == pid_) {
    exit_status_ = decode_wait_status(status);
  } else if (reaped < 0 && errno == ECHILD) {
    // Someone else reaped it (reap_if_exited_child); it is gone, the status is lost.
    exit_status_ = ExitStatus{-1, 0};
  }
  return exit_status_;
}

std::optional<ExitStatus> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(2);
  while (!poll()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
  return exit_status_;
}

ExitStatus ChildProcess::wait() {
  while (!exit_status_ && pid_ > 0) {
    int status = 0;
    const pid_t reaped = ::waitpid(pid_, &status, 0);
    if (reaped == pid_) {
      exit_status_ = decode_wait_status(status);
    } else if (reaped < 0 && errno != EINTR) {
      exit_status_ = ExitStatus{-1, 0};
    }
  }
  return exit_status_.value_or(ExitStatus{-1, 0});
}

Status ChildProcess::send_signal(int signal_number) const {
  if (exit_status_ || pid_ <= 0) {
    return fail(ErrorCategory::kNotFound, "process has already exited");
  }
  return core::send_signal(pid_, signal_number);
}

pid_t ChildProcess::release() {
  close_pipes();
  return std::exchange(pid_, -1);
}

Result<CapturedRun> run_and_capture(const SpawnOptions& options, std::chrono::milliseconds timeout) {
  SpawnOptions capturing = options;
  capturing.stdout_target = OutputTarget::pipe();
  capturing.stderr_target = OutputTarget::same_as_stdout();
  auto child = ChildProcess::spawn(capturing);
  if (!child) {
    return Unexpected{child.error()};
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  CapturedRun run;
  char buffer[4096];
  bool open = true;
  while (open) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    pollfd readable{child->stdout_fd(), POLLIN, 0};
    const int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      break;
    }
    const ssize_t count = ::read(child->stdout_fd(), buffer, sizeof buffer);
    if (count > 0) {
      run.output.append(buffer, static_cast<std::size_t>(count));
    } else if (count == 0 || errno != EINTR) {
      open = false;
    }
  }
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  auto status = child->wait_for(std::max(left, std::chrono::milliseconds(0)));
  if (!status) {
    // The destructor kills and reaps it.
    return fail(ErrorCategory::kTimeout, options.argv.front() + " did not finish within " +
                                             std::to_string(timeout.count()) +
                                             " ms; output so far: " + run.output);
  }
  run.status = *status;
  return run;
}

}  // namespace opsdeck::core
