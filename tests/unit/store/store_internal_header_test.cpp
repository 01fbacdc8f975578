// backend/store/mariadb_handle.hpp is internal to the store (it pulls in <mysql.h> and the reconnect rules):
// no source outside backend/store includes it; bulk work goes through the public MariadbBulkSession.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/source_tree.hpp"

namespace opsdeck::store {
namespace {

namespace fs = std::filesystem;

TEST(StoreInternalHeaderTest, OnlyTheStoreIncludesTheConnectorHandle) {
  const fs::path root = opsdeck::testing::source_dir();
  std::vector<std::string> offenders;
  std::size_t scanned = 0;
  for (const char* top : {"backend", "tui", "views", "bench"}) {
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(root / top, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      const fs::path& path = it->path();
      const std::string relative = fs::relative(path, root).generic_string();
      if (!it->is_regular_file() || relative.rfind("backend/store/", 0) == 0 ||
          (path.extension() != ".cpp" && path.extension() != ".hpp")) {
        continue;
      }
      ++scanned;
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      if (text.str().find("backend/store/mariadb_handle.hpp") != std::string::npos) {
        offenders.push_back(relative);
      }
    }
  }
  EXPECT_GT(scanned, 100u) << "the source tree was not found under " << root;
  EXPECT_TRUE(offenders.empty()) << "includes the store's internal header: " << offenders.front();
}

}  // namespace
}  // namespace opsdeck::store
