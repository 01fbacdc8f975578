#include "tests/support/source_tree.hpp"

namespace opsdeck::testing {

const std::filesystem::path& source_dir() {
  static const std::filesystem::path path(OPSDECK_SOURCE_DIR);
  return path;
}

const std::filesystem::path& binary_dir() {
  static const std::filesystem::path path(OPSDECK_BINARY_DIR);
  return path;
}

}  // namespace opsdeck::testing
