// Fuzz target for the http provider's parsers: the Link header, mapping files and URL templates. Any bytes
// in, links / a mapping / an error out, never a crash or a sanitizer report.
//   clang++ -std=c++20 -g -fsanitize=fuzzer,address,undefined -I. tests/fuzz/http_link_fuzz.cpp
//     backend/sync/http/{link_header,http_mapping,http_url,json_field}.cpp backend/core/error.cpp -o
//     http_link_fuzz
// With g++ it is built as a replay test (tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "backend/sync/http/http_mapping.hpp"
#include "backend/sync/http/http_url.hpp"
#include "backend/sync/http/link_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& link : opsdeck::sync::http::parse_link_header(text)) {
    (void)opsdeck::sync::http::resolve_reference("https://api.example.com/v1/items?page=1", link.target);
    (void)opsdeck::sync::http::url_origin(link.target);
  }
  (void)opsdeck::sync::http::parse_http_mapping(text, "fuzz.json");
  const nlohmann::json item = {{"login", "acme"}, {"id", 7}};
  (void)opsdeck::sync::http::expand_path_template(text, {{"org", &item}});
  (void)opsdeck::sync::http::displayable_url(text);
  return 0;
}
