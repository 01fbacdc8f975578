// The Databases view in the real console on the local stack: a card per server (both up, with their key
// rates) and a statement running on the stack's MariaDB listed in the process list.
#include <gtest/gtest.h>

#include <thread>

#include "backend/stack/stack_engine.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "tests/support/console_session.hpp"

namespace opsdeck::testing {
namespace {

bool databases_view_up(const std::string& screen) {
  return screen.find("mariadb (local stack)") != std::string::npos &&
         screen.find("redis (local stack)") != std::string::npos && count_occurrences(screen, "● up") == 2 &&
         screen.find("queries/s") != std::string::npos && screen.find("ops/s") != std::string::npos;
}

TEST(ConsoleDatabasesTest, ShowsTheLocalStacksServersAndTheirProcesses) {
  ConsoleSession console(ConsoleOptions::sized(140, 40));
  ASSERT_TRUE(console.wait_drawn());
  // By name through the palette, so the test does not depend on the tab order.
  console.send_keys({":"});
  console.send_text("databases");
  console.send_keys({"Enter"});
  ASSERT_TRUE(
      console.wait_until("both stack servers up on the Databases view", databases_view_up, kStackUpTimeout));
  ASSERT_TRUE(console.wait_for("Processes on mariadb", kDrawTimeout));

  // A statement on another connection to the console's stack shows in the process list.
  stack::StackSettings settings;
  settings.state_dir = console_state_dir();
  auto connection = store::MariadbConnection::connect(stack::StackEngine(settings).mariadb_options());
  ASSERT_TRUE(connection.ok()) << connection.error().describe();
  std::jthread sleeping([&] { EXPECT_TRUE((*connection)->execute_plain("SELECT SLEEP(4)").ok()); });
  EXPECT_TRUE(console.wait_for("SELECT SLEEP(4)", kDrawTimeout));

  // Right selects Redis: its keyspaces replace the process list.
  console.send_keys({"Right"});
  EXPECT_TRUE(console.wait_for("Keyspaces on redis", kDrawTimeout));
}

}  // namespace
}  // namespace opsdeck::testing
