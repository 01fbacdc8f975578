// Golden-file comparison for off-screen render tests: a canvas's text and roles against
// tests/unit/tui/golden/<name>.txt. Run with OPSDECK_UPDATE_GOLDEN=1 to rewrite the files, then read the
// diff by eye before keeping it. Role letters (Canvas::roles_to_text): . default, m muted, a accent, o ok,
// w warn, c crit, s selection, h header, T tab_active, t tab_inactive, b status_bar, k key_hint, x border,
// d dialog, i input, g graph.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/source_tree.hpp"
#include "tui/canvas/canvas.hpp"

namespace opsdeck::tui::testing {

inline std::string golden_text(const Canvas& canvas) {
  return canvas.to_text() + "--- roles ---\n" + canvas.roles_to_text();
}

inline void expect_golden(const std::string& name, const Canvas& canvas) {
  const std::filesystem::path path =
      opsdeck::testing::source_dir() / "tests" / "unit" / "tui" / "golden" / (name + ".txt");
  const std::string actual = golden_text(canvas);
  const char* update = std::getenv("OPSDECK_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    ADD_FAILURE() << "golden file " << path << " is missing; run with OPSDECK_UPDATE_GOLDEN=1 to create it."
                  << "\nactual:\n"
                  << actual;
    return;
  }
  std::ostringstream expected;
  expected << file.rdbuf();
  EXPECT_EQ(expected.str(), actual)
      << "golden file " << path << " differs; if the change is intended, rerun with OPSDECK_UPDATE_GOLDEN=1";
}

}  // namespace opsdeck::tui::testing
