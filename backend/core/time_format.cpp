// UTC formatting with gmtime_r + strftime (thread-safe, independent of the local time zone).
#include "backend/core/time_format.hpp"

#include <ctime>

namespace opsdeck::core {
namespace {

std::string format_seconds(std::int64_t unix_seconds, const char* pattern) {
  auto seconds = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, pattern, &utc);
  return text;
}

}  // namespace

std::string format_utc(std::chrono::system_clock::time_point time) {
  return format_seconds(std::chrono::system_clock::to_time_t(time), "%Y-%m-%dT%H:%M:%SZ");
}

std::string format_utc(std::int64_t unix_seconds) {
  return format_seconds(unix_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

std::string format_utc_date(std::int64_t unix_seconds) {
  return format_seconds(unix_seconds, "%Y-%m-%d");
}

}  // namespace opsdeck::core
