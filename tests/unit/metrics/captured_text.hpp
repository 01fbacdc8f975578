// Text captured from real servers for the status parsers' tests, kept as files in tests/unit/metrics/data/
// (see its README.md for what each one is and how it was taken).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "tests/support/source_tree.hpp"

namespace opsdeck::metrics::captured {

// The file's bytes; fails the current test when it cannot be read.
inline std::string text(std::string_view file) {
  std::filesystem::path path = opsdeck::testing::source_dir() / "tests/unit/metrics/data" / file;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace opsdeck::metrics::captured
