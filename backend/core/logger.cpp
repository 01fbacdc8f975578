// Logger implementation: redact, stamp, append to the ring, write the file, publish the ring.
#include "backend/core/logger.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "backend/core/secret.hpp"

namespace opsdeck::core {

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

Result<LogLevel> parse_log_level(std::string_view text) {
  for (auto level : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    if (text == to_string(level)) {
      return level;
    }
  }
  return fail(ErrorCategory::kInvalidInput,
              "log level '" + std::string(text) + "': expected one of debug, info, warn, error");
}

Logger::Logger(std::size_t ring_capacity, LogLevel min_level)
    : capacity_(ring_capacity), min_level_(min_level) {
}

Logger::~Logger() {
  if (file_ != nullptr) {
    std::fclose(file_);
  }
}

Status Logger::open_file(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return fail(ErrorCategory::kIo, "log directory " + path.parent_path().string() + ": " + ec.message());
  }
  // O_APPEND so two opsdeck processes sharing a state dir interleave whole lines; 0600 because logs
  // describe the user's servers.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorCategory::kIo, "log file " + path.string() + ": " + std::strerror(errno));
  }
  std::FILE* file = ::fdopen(fd, "a");
  if (file == nullptr) {
    ::close(fd);
    return fail(ErrorCategory::kIo, "log file " + path.string() + ": " + std::strerror(errno));
  }
  std::lock_guard lock(mutex_);
  if (file_ != nullptr) {
    std::fclose(file_);
  }
  file_ = file;
  file_path_ = path;
  return {};
}

std::filesystem::path Logger::file_path() const {
  std::lock_guard lock(mutex_);
  return file_path_;
}

void Logger::log(LogLevel level, std::string_view source, std::string_view text) {
  if (level < min_level_) {
    return;
  }
  LogLine line{std::chrono::system_clock::now(), level, std::string(source), redact(text)};
  std::function<void()> hook;
  {
    std::lock_guard lock(mutex_);
    std::string formatted = format_utc(line.time) + " " + std::string(to_string(level)) + " [" + line.source +
                            "] " + line.text + "\n";
    if (file_ != nullptr) {
      std::fputs(formatted.c_str(), file_);
      std::fflush(file_);
    }
    if (to_stderr_) {
      std::fputs(formatted.c_str(), stderr);
    }
    ring_.push_back(std::move(line));
    while (ring_.size() > capacity_) {
      ring_.pop_front();
    }
    ++total_;
    hook = hook_;
  }
  if (hook) {
    hook();
  }
}

std::shared_ptr<const LogSnapshot> LogFeed::latest() const {
  std::lock_guard lock(logger_.mutex_);
  if (!logger_.cached_ || logger_.cached_->total != logger_.total_) {
    auto snapshot = std::make_shared<LogSnapshot>();
    snapshot->lines.assign(logger_.ring_.begin(), logger_.ring_.end());
    snapshot->total = logger_.total_;
    logger_.cached_ = std::move(snapshot);
  }
  return logger_.cached_;
}

std::uint64_t LogFeed::version() const {
  return logger_.total_.load();
}

void LogFeed::on_publish(std::function<void()> hook) {
  std::lock_guard lock(logger_.mutex_);
  logger_.hook_ = std::move(hook);
}

}  // namespace opsdeck::core
