// Human formatting of sizes, counts, rates and durations; see format.hpp.
#include "tui/widgets/format.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace opsdeck::tui {
namespace {

// Scales by `step` through `units` with one decimal; moves up a unit early so 1023.96 KiB reads "1.0 MiB"
// rather than "1024.0 KiB".
std::string scaled(double value, double step, const char* const* units, std::size_t unit_count,
                   const char* separator) {
  const bool negative = value < 0;
  double magnitude = std::fabs(value);
  std::size_t unit = 0;
  if (magnitude < step) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%.0f%s%s", negative ? "-" : "", std::floor(magnitude), separator,
                  units[0]);
    return buffer;
  }
  while (unit + 1 < unit_count && magnitude >= step - 0.05) {
    magnitude /= step;
    ++unit;
    if (magnitude < step - 0.05) {
      break;
    }
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%.1f%s%s", negative ? "-" : "", magnitude, separator, units[unit]);
  return buffer;
}

}  // namespace

std::string format_bytes(double bytes) {
  if (!std::isfinite(bytes)) {
    return "? B";
  }
  static constexpr std::array<const char*, 7> kUnits = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  return scaled(bytes, 1024.0, kUnits.data(), kUnits.size(), " ");
}

std::string format_count(double count) {
  if (!std::isfinite(count)) {
    return "?";
  }
  static constexpr std::array<const char*, 6> kUnits = {"", "k", "M", "G", "T", "P"};
  return scaled(count, 1000.0, kUnits.data(), kUnits.size(), "");
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    return "-:--";
  }
  const auto total = static_cast<long long>(seconds);
  const long long days = total / 86400;
  const long long hours = (total / 3600) % 24;
  const long long minutes = (total / 60) % 60;
  const long long secs = total % 60;
  char buffer[48];
  if (days > 0) {
    std::snprintf(buffer, sizeof buffer, "%lldd%lldh", days, hours);
  } else if (hours > 0) {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", hours, minutes, secs);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", minutes, secs);
  }
  return buffer;
}

std::string format_rate(double per_second, bool bytes) {
  return (bytes ? format_bytes(per_second) : format_count(per_second)) + "/s";
}

std::string format_percent(double fraction) {
  if (!std::isfinite(fraction)) {
    return "?%";
  }
  const double clamped = std::fmin(std::fmax(fraction, 0.0), 1.0);
  return std::to_string(static_cast<int>(std::floor(clamped * 100.0 + 1e-9))) + "%";
}

}  // namespace opsdeck::tui
