// Where the tests find the checkout (data files, themes, docs) and the build (the opsdeck binary).
// The paths are compiled into source_tree.cpp alone: every other test object stays free of absolute paths,
// so ccache shares them between clones in different folders.
#pragma once

#include <filesystem>

namespace opsdeck::testing {

const std::filesystem::path& source_dir();
const std::filesystem::path& binary_dir();

}  // namespace opsdeck::testing
