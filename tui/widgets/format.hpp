// Human formatting of sizes, counts, rates and durations for progress bars, tables and the CLI's text
// output ("1.2 GiB", "1.2k", "35.1 MiB/s", "0:52", "1:02:03", "3d4h"). Pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace opsdeck::tui {

// Binary units: "0 B", "512 B", "1.0 KiB", "1.2 GiB"; one decimal from KiB up.
std::string format_bytes(double bytes);
// Counts: "999", "1.2k", "35.0k", "1.2M", "3.4G".
std::string format_count(double count);
// Durations from seconds: "0:52", "12:07", "1:02:03", "3d4h"; negative or NaN gives "-:--".
std::string format_duration(double seconds);
// Rates per second: bytes as "35.1 MiB/s", counts as "1.2k/s".
std::string format_rate(double per_second, bool bytes);
// "42%": a fraction 0..1, floored so 99.9% never reads as done.
std::string format_percent(double fraction);

}  // namespace opsdeck::tui
