// UTC time as text, one place for every engine, log line and view: "2026-11-23T13:21:20Z" and "2026-11-23".
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace opsdeck::core {

// "2026-11-23T13:21:20Z"
std::string format_utc(std::chrono::system_clock::time_point time);
std::string format_utc(std::int64_t unix_seconds);
// "2026-11-23"
std::string format_utc_date(std::int64_t unix_seconds);

}  // namespace opsdeck::core
