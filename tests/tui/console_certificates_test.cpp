// The Certificates view in the real console: a CA and then a server certificate signed by it, both made with
// the `n` form, show up in the table.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "tests/support/console_session.hpp"

namespace opsdeck::testing {
namespace {

// Generous: each create runs as a job and the table refreshes after it.
constexpr std::chrono::milliseconds kCreateTimeout{20000};

// One line of the screen holds both (a table row: name and type, or name and issuer).
bool row_with(const std::string& screen, const std::string& first, const std::string& second) {
  std::size_t start = 0;
  while (start < screen.size()) {
    const auto end = std::min(screen.find('\n', start), screen.size());
    const std::string_view line(screen.data() + start, end - start);
    if (line.find(first) != std::string_view::npos && line.find(second) != std::string_view::npos) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

bool form_open(const std::string& screen) {
  return screen.find("New certificate") != std::string::npos;
}

class ConsoleCertificatesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(console_.wait_drawn()); }

  // Opens the form (Name focused), fills it and submits. The type field sits above Name, "Sign as" below.
  void create(const std::string& type, const std::string& name, const std::string& sign_as) {
    console_.send_keys({"n"});
    ASSERT_TRUE(console_.wait_until("the New certificate form", form_open, kDrawTimeout));
    console_.send_text(name);
    console_.send_keys({"Up", "C-u"});
    console_.send_text(type);
    console_.send_keys({"Down", "Down", "C-u"});
    console_.send_text(sign_as);
    console_.send_keys({"Enter"});
    ASSERT_TRUE(console_.wait_until(
        "the form closed after Enter", [](const std::string& screen) { return !form_open(screen); },
        kDrawTimeout))
        << "the form did not accept " << type << " " << name;
  }

  ConsoleSession console_{ConsoleOptions::sized(140, 40)};
};

TEST_F(ConsoleCertificatesTest, CreatesACaAndAServerCertificate) {
  console_.send_keys({"3"});
  ASSERT_TRUE(console_.wait_for("Details", kDrawTimeout)) << "the Certificates view after 3";

  ASSERT_NO_FATAL_FAILURE(create("ca", "tui-root", ""));
  ASSERT_TRUE(console_.wait_until(
      "a row for the CA tui-root",
      [](const std::string& screen) { return row_with(screen, "tui-root", " ca "); }, kCreateTimeout));

  ASSERT_NO_FATAL_FAILURE(create("server", "tui.example.test", "tui-root"));
  ASSERT_TRUE(console_.wait_until(
      "a row for tui.example.test issued by tui-root",
      [](const std::string& screen) { return row_with(screen, "tui.example.test", "CN=tui-root"); },
      kCreateTimeout));
  EXPECT_TRUE(row_with(console_.capture(), "tui-root", " ca ")) << "the CA is still listed";
}

}  // namespace
}  // namespace opsdeck::testing
