// Fuzz target for the socket-free RESP parser (hiredis' reader underneath): any bytes in, replies or an
// error out, never a crash or a sanitizer report.
//   clang++ -std=c++20 -g -fsanitize=fuzzer,address,undefined -I. tests/fuzz/redis_reply_fuzz.cpp
//     backend/store/redis_reply_parser.cpp backend/core/error.cpp -lhiredis -o redis_reply_fuzz
// With g++ it is built as a replay test (tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "backend/store/redis_reply_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)opsdeck::store::parse_redis_replies(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
