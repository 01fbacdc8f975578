// The remembered port file of a TLS stack, and the free loopback port it is chosen from.
#include "backend/stack/stack_port_file.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace opsdeck::stack {
namespace {

namespace fs = std::filesystem;

class StackPortFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "opsdeck-port-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }
  void TearDown() override {
    std::error_code error;
    fs::remove_all(directory_, error);
  }

  fs::path directory_;
};

TEST_F(StackPortFileTest, WrittenPortReadsBack) {
  const auto file = directory_ / "tls-port";
  EXPECT_FALSE(read_port_file(file)) << "a missing file holds no port";
  ASSERT_TRUE(write_port_file(file, 23306));
  EXPECT_EQ(read_port_file(file), 23306U);
  EXPECT_FALSE(fs::exists(directory_ / "tls-port.tmp"));
}

TEST_F(StackPortFileTest, AnythingButAPortReadsAsNone) {
  for (const std::string text : {"", "0", "65536", "-1", "33o6", "3306 and more"}) {
    std::ofstream(directory_ / "tls-port", std::ios::trunc) << text << "\n";
    EXPECT_FALSE(read_port_file(directory_ / "tls-port")) << "\"" << text << "\"";
  }
}

TEST(StackFreePortTest, KernelPicksALoopbackPort) {
  auto port = free_loopback_port();
  ASSERT_TRUE(port) << port.error().message;
  EXPECT_GT(*port, 0U);
  EXPECT_LE(*port, 65535U);
}

}  // namespace
}  // namespace opsdeck::stack
