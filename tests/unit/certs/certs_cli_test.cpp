// `opsdeck certs ...` parsed and run in-process: exit codes, easycert-style output, --json, and the usage
// errors (bad --key-type, revoke without --yes) that must not touch the directory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "tests/unit/certs/scratch_directory.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {
void register_certs_cli(CLI::App& app, CliContext& context);  // tui/cli/certs_cli.cpp
}  // namespace opsdeck::tui::cli

namespace opsdeck::certs {
namespace {

using ::testing::HasSubstr;
using testing::ScratchDirectory;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CertsCliTest : public ::testing::Test {
 protected:
  // Like cli_root.cpp: global --json, certs registered, parse, exit code from the context.
  CliRun run(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"certs", "--certdir", dir().string()});
    CLI::App app{"opsdeck", "opsdeck"};
    app.fallthrough();
    tui::cli::CliContext context;
    app.add_flag("--json", context.options.json);
    tui::cli::register_certs_cli(app, context);
    std::vector<const char*> argv = {"opsdeck"};
    for (const auto& argument : arguments) {
      argv.push_back(argument.c_str());
    }
    CliRun result;
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    try {
      app.parse(static_cast<int>(argv.size()), argv.data());
      result.exit_code = context.exit_code;
    } catch (const CLI::ParseError& error) {
      result.exit_code = app.exit(error) == 0 ? 0 : 2;
    }
    result.out = ::testing::internal::GetCapturedStdout();
    result.err = ::testing::internal::GetCapturedStderr();
    return result;
  }

  std::filesystem::path dir() const { return scratch_.path() / "certs"; }

  ScratchDirectory scratch_;
};

TEST_F(CertsCliTest, CreatesCaServerAndClientLikeEasycert) {
  auto ca = run({"ca", "vertex"});
  ASSERT_EQ(ca.exit_code, 0) << ca.err;
  EXPECT_THAT(ca.out, HasSubstr("key saved: " + (dir() / "cas" / "vertex.key").string()));
  EXPECT_THAT(ca.out, HasSubstr("cert saved: " + (dir() / "cas" / "vertex.crt").string()));

  auto server =
      run({"server", "cortex.vertex.link", "--signas", "vertex", "--san", "IP:127.0.0.1", "--days", "30"});
  ASSERT_EQ(server.exit_code, 0) << server.err;
  EXPECT_THAT(server.out, HasSubstr("key saved: " + (dir() / "hosts" / "cortex.vertex.link.key").string()));

  auto client = run({"client", "user@cortex.vertex.link", "--signas", "vertex", "--key-type", "ed25519"});
  ASSERT_EQ(client.exit_code, 0) << client.err;
  EXPECT_THAT(client.out,
              HasSubstr("cert saved: " + (dir() / "users" / "user@cortex.vertex.link.crt").string()));

  auto list = run({"--json", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto json = nlohmann::json::parse(list.out);
  ASSERT_EQ(json["certificates"].size(), 3u);
  EXPECT_EQ(json["certificates"][0]["type"], "ca");
  EXPECT_EQ(json["certificates"][1]["name"], "cortex.vertex.link");
  EXPECT_EQ(json["certificates"][1]["days_left"], 30);
  EXPECT_EQ(json["certificates"][1]["issuer"], "CN=vertex");
  EXPECT_EQ(json["certificates"][2]["key_type"], "Ed25519");
  EXPECT_EQ(json["certificates"][2]["serial"].get<std::string>().size(), 32u);

  auto table = run({"list"});
  EXPECT_THAT(table.out, HasSubstr("TYPE"));
  EXPECT_THAT(table.out, HasSubstr("DAYS-LEFT"));
  EXPECT_THAT(table.out, HasSubstr("user@cortex.vertex.link"));

  auto inspect = run({"inspect", "cortex.vertex.link"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  EXPECT_THAT(inspect.out, HasSubstr("DNS:cortex.vertex.link, IP Address:127.0.0.1"));
  EXPECT_THAT(inspect.out, HasSubstr("30 days left"));
}

TEST_F(CertsCliTest, FailuresAndUsageErrors) {
  auto unknown = run({"server", "db", "--signas", "nope"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("opsdeck: unknown CA \"nope\""));

  auto json = run({"--json", "server", "db", "--signas", "nope"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(json.out)["error"]["category"], "not found");

  EXPECT_EQ(run({"ca", "root", "--key-type", "dsa"}).exit_code, 2);
  EXPECT_EQ(run({"ca", "root", "--days", "0"}).exit_code, 2);
  EXPECT_EQ(run({"server", "db"}).exit_code, 2);  // --signas is required
  EXPECT_EQ(run({"csr"}).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir()));

  ASSERT_EQ(run({"ca", "root"}).exit_code, 0);
  ASSERT_EQ(run({"server", "db", "--signas", "root"}).exit_code, 0);
  auto again = run({"server", "db", "--signas", "root"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("hosts/db.crt and hosts/db.key already exist; use --force"));
  EXPECT_EQ(run({"server", "db", "--signas", "root", "--force"}).exit_code, 0);

  auto unconfirmed = run({"revoke", "db"});
  EXPECT_EQ(unconfirmed.exit_code, 2);
  EXPECT_THAT(unconfirmed.err, HasSubstr("--yes"));
  auto revoked = run({"revoke", "db", "--yes"});
  EXPECT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_THAT(revoked.out, HasSubstr("crl saved: " + (dir() / "crls" / "root.crl").string()));
  EXPECT_THAT(revoked.out, HasSubstr("revoked: db"));
  EXPECT_THAT(run({"list"}).out, HasSubstr("revoked"));
}

TEST_F(CertsCliTest, CsrSignRenewAndPkcs12) {
  ASSERT_EQ(run({"ca", "root"}).exit_code, 0);
  auto csr = run({"csr", "--user", "bob@db"});
  ASSERT_EQ(csr.exit_code, 0) << csr.err;
  EXPECT_THAT(csr.out, HasSubstr("csr saved: " + (dir() / "users" / "bob@db.csr").string()));
  EXPECT_THAT(run({"list"}).out, HasSubstr("CSR pending"));
  auto sign = run({"sign", (dir() / "users" / "bob@db.csr").string(), "--signas", "root"});
  ASSERT_EQ(sign.exit_code, 0) << sign.err;
  EXPECT_THAT(sign.out, HasSubstr("cert saved: " + (dir() / "users" / "bob@db.crt").string()));

  auto renew = run({"renew", "bob@db", "--days", "5"});
  ASSERT_EQ(renew.exit_code, 0) << renew.err;
  EXPECT_THAT(run({"--json", "inspect", "bob@db"}).out, HasSubstr("\"days_left\": 5"));

  ::setenv("OPSDECK_TEST_P12", "a passphrase", 1);
  auto p12 = run({"p12", "bob@db", "--passphrase-env", "OPSDECK_TEST_P12"});
  ::unsetenv("OPSDECK_TEST_P12");
  ASSERT_EQ(p12.exit_code, 0) << p12.err;
  EXPECT_TRUE(std::filesystem::exists(dir() / "users" / "bob@db.p12"));
  auto missing = run({"p12", "bob@db", "--force", "--passphrase-env", "OPSDECK_TEST_UNSET_VARIABLE"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("OPSDECK_TEST_UNSET_VARIABLE"));
  ::setenv("OPSDECK_TEST_P12", "a passphrase", 1);
  auto ca_export = run({"p12", "root", "--passphrase-env", "OPSDECK_TEST_P12"});
  ::unsetenv("OPSDECK_TEST_P12");
  EXPECT_EQ(ca_export.exit_code, 1);
  EXPECT_THAT(ca_export.err, HasSubstr("never leaves cas/"));
}

}  // namespace
}  // namespace opsdeck::certs
