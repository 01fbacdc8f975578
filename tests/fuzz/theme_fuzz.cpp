// Fuzz target for the theme parser: any bytes in, a theme or an error out, never a crash or a report.
//   clang++ -std=c++20 -g -fsanitize=fuzzer,address,undefined -I. tests/fuzz/theme_fuzz.cpp
//     tui/theme/*.cpp backend/core/error.cpp -o theme_fuzz
// With g++ it is built as a replay test (tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tui/theme/color.hpp"
#include "tui/theme/theme.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  auto theme = opsdeck::tui::parse_theme(text, "fuzz.json", &warnings);
  if (theme.ok()) {
    (void)theme->downgrade(8);
  }
  (void)opsdeck::tui::parse_color(text);
  return 0;
}
