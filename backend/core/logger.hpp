// Logger: every line goes to a file under the state dir and into an in-memory ring the console shows.
// Each line passes through redact() first, so a secret that slipped into a message is masked everywhere.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/core/time_format.hpp"

namespace opsdeck::core {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
std::string_view to_string(LogLevel level);
Result<LogLevel> parse_log_level(std::string_view text);

struct LogLine {
  std::chrono::system_clock::time_point time;
  LogLevel level = LogLevel::kInfo;
  std::string source;  // "stack", "job 3", "console"
  std::string text;
};

struct LogSnapshot {
  std::vector<LogLine> lines;  // oldest first, at most the ring's capacity
  std::uint64_t total = 0;     // lines ever logged, so a view can tell it scrolled
};

class Logger;

// The ring as readers see it. The snapshot is built when read (at most once per frame) and cached until the
// next line, so a chatty job pays one append per line, not a copy of the whole ring.
class LogFeed {
 public:
  std::shared_ptr<const LogSnapshot> latest() const;
  std::uint64_t version() const;
  // Called after every logged line, on the logging thread; the console sets it to its wake-up fd.
  void on_publish(std::function<void()> hook);

 private:
  friend class Logger;
  explicit LogFeed(Logger& logger) : logger_(logger) {}
  Logger& logger_;
};

class Logger {
 public:
  explicit Logger(std::size_t ring_capacity = 2000, LogLevel min_level = LogLevel::kInfo);
  ~Logger();

  // Appends to `path` (directories created, file mode 0600). Without it only the ring keeps lines.
  Status open_file(const std::filesystem::path& path);
  void set_min_level(LogLevel level) { min_level_ = level; }
  // Also write to stderr (headless CLI with --verbose).
  void set_stderr(bool enabled) { to_stderr_ = enabled; }

  void log(LogLevel level, std::string_view source, std::string_view text);
  void debug(std::string_view source, std::string_view text) { log(LogLevel::kDebug, source, text); }
  void info(std::string_view source, std::string_view text) { log(LogLevel::kInfo, source, text); }
  void warn(std::string_view source, std::string_view text) { log(LogLevel::kWarn, source, text); }
  void error(std::string_view source, std::string_view text) { log(LogLevel::kError, source, text); }

  LogFeed& snapshots() { return feed_; }
  std::filesystem::path file_path() const;

 private:
  std::size_t capacity_;
  LogLevel min_level_;
  bool to_stderr_ = false;
  mutable std::mutex mutex_;
  std::deque<LogLine> ring_;
  std::atomic<std::uint64_t> total_{0};
  mutable std::shared_ptr<const LogSnapshot> cached_;  // what latest() built; stale when its total differs
  std::function<void()> hook_;
  std::FILE* file_ = nullptr;
  std::filesystem::path file_path_;
  LogFeed feed_{*this};
  friend class LogFeed;
};

}  // namespace opsdeck::core
