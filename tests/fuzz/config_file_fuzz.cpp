// libFuzzer target for the config file parser and the environment value checks: any bytes in, problems or
// values out, never a crash, an exception or a sanitizer report.
//   clang++ -std=c++20 -g -fsanitize=fuzzer,address,undefined -I. tests/fuzz/config_file_fuzz.cpp
//     backend/core/config*.cpp backend/core/error.cpp backend/core/secret.cpp -o config_file_fuzz
// With g++ it is built as a replay test (tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "backend/core/config.hpp"
#include "backend/core/config_file.hpp"
#include "backend/core/config_value.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<opsdeck::core::Error> problems;
  (void)opsdeck::core::parse_config_file(text, "fuzz.json", problems);
  for (const auto& key : opsdeck::core::config_schema()) {
    if (key.type != opsdeck::core::ConfigType::kSecret) {
      (void)opsdeck::core::config_value_from_text(key, text);
    }
  }
  return 0;
}
