// The console's certs.* commands run against a real engine in a scratch directory.
#include "backend/certs/certs_console_commands.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/certs/scratch_directory.hpp"

namespace opsdeck::certs {
namespace {

using ::testing::HasSubstr;

TEST(CertsConsoleCommandsTest, CreateRenewExportRevokeAndPublish) {
  testing::ScratchDirectory scratch;
  CertsEngine engine({scratch.path() / "certs", {}});
  auto ca = run_certs_command(engine, kCreateCommand, {"ca", "root", "", "", "ec-p256", ""});
  ASSERT_TRUE(ca.ok()) << ca.error().message;
  EXPECT_THAT(*ca, HasSubstr("cert saved: cas/root.crt"));
  auto server = run_certs_command(engine, kCreateCommand,
                                  {"server", "db", "root", "30", "ed25519", "IP:10.0.0.1 DNS:db2"});
  ASSERT_TRUE(server.ok()) << server.error().message;
  auto client = run_certs_command(engine, kCreateCommand, {"client", "a@db", "root", "", "", ""});
  ASSERT_TRUE(client.ok()) << client.error().message;
  EXPECT_TRUE(run_certs_command(engine, kRenewCommand, {"host", "db", "new-key"}).ok());
  auto exported = run_certs_command(engine, kExportCommand, {"user", "a@db", "pass phrase", ""});
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  EXPECT_THAT(*exported, HasSubstr("users/a@db.p12"));
  EXPECT_TRUE(run_certs_command(engine, kRevokeCommand, {"user", "a@db"}).ok());

  core::Published<CertsSnapshot> slot;
  publish_certs_snapshot(engine, slot);
  auto published = slot.latest();
  ASSERT_TRUE(published->loaded);
  ASSERT_EQ(published->certificates.size(), 3u);
  EXPECT_EQ(published->certificates[1].subject_alt_names,
            (std::vector<std::string>{"DNS:db", "IP:10.0.0.1", "DNS:db2"}));
  EXPECT_TRUE(published->certificates[2].revoked);
  EXPECT_FALSE(published->certificates[0].decoded_text.empty());
}

TEST(CertsConsoleCommandsTest, BadArgumentsAreErrors) {
  testing::ScratchDirectory scratch;
  CertsEngine engine({scratch.path() / "certs", {}});
  EXPECT_TRUE(is_certs_command("certs.revoke"));
  EXPECT_FALSE(is_certs_command("jobs.cancel"));
  EXPECT_FALSE(run_certs_command(engine, kCreateCommand, {"dog", "x", "", "", "", ""}).ok());
  EXPECT_FALSE(run_certs_command(engine, kCreateCommand, {"ca", "x", "", "ten", "", ""}).ok());
  EXPECT_FALSE(run_certs_command(engine, kRevokeCommand, {"thing", "x"}).ok());
  EXPECT_FALSE(run_certs_command(engine, "certs.unknown", {}).ok());
  EXPECT_TRUE(run_certs_command(engine, kRefreshCommand, {}).ok());
  EXPECT_FALSE(std::filesystem::exists(scratch.path() / "certs"));
}

}  // namespace
}  // namespace opsdeck::certs
