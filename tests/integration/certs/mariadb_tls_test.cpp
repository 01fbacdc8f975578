// `stack up --tls` against a real mariadbd: opsdeck's own connection goes over TCP with the server verified
// against opsdeck's CA, a CA that did not sign the server is refused with a clear error, and a REQUIRE X509
// account logs in with a client certificate from CertsEngine and not without one. One stack for the suite
// (mariadb-install-db once), in its own short state directory, stopped at the end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "backend/certs/certs_engine.hpp"
#include "backend/core/process.hpp"
#include "backend/stack/mariadb_stack_server.hpp"
#include "backend/stack/stack_engine.hpp"
#include "backend/store/mariadb_connection.hpp"
#include "tests/support/temporary_directory.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck::testing {
namespace {

using ::testing::HasSubstr;

std::string text_of(const store::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    return *text;
  }
  if (const auto* bytes = std::get_if<store::Bytes>(&value)) {
    return std::string(bytes->begin(), bytes->end());
  }
  return {};
}

class MariadbTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_.emplace();
    stack::StackSettings settings;
    settings.state_dir = directory_->path();
    settings.tls = true;
    settings.start_timeout = std::chrono::seconds(60);
    settings.stop_timeout = std::chrono::seconds(30);
    engine_.emplace(std::move(settings));
    auto status = engine_->up();
    if (!status) {
      start_error_ = status.error().message;
    }
  }

  static void TearDownTestSuite() {
    if (engine_) {
      auto report = engine_->down();
      EXPECT_TRUE(report && report->all_stopped())
          << (report ? "a server did not stop" : report.error().message);
    }
    engine_.reset();
    directory_.reset();
  }

  void SetUp() override { ASSERT_FALSE(start_error_) << "stack up --tls failed: " << *start_error_; }

  static stack::StackEngine& engine() { return *engine_; }
  static std::filesystem::path certs_dir() { return directory_->path() / "certs"; }

  // A short connect timeout: every connection here is to loopback.
  static store::MariadbOptions tls_options() {
    auto options = engine().mariadb_options();
    options.connect_timeout = std::chrono::seconds(5);
    options.read_timeout = std::chrono::seconds(10);
    return options;
  }

  static inline std::optional<TemporaryDirectory> directory_;
  static inline std::optional<stack::StackEngine> engine_;
  static inline std::optional<std::string> start_error_;
};

TEST_F(MariadbTlsTest, StatusShowsTlsAndTheChosenPort) {
  auto status = engine().status();
  ASSERT_TRUE(status) << status.error().message;
  ASSERT_FALSE(status->servers.empty());
  const auto& mariadb = status->servers.front();
  EXPECT_EQ(mariadb.name, "mariadb");
  EXPECT_TRUE(mariadb.running) << mariadb.note;
  EXPECT_TRUE(mariadb.tls);
  EXPECT_NE(mariadb.tcp_port, 0U);
  EXPECT_EQ(mariadb.tcp_port, engine().mariadb_options().port);
}

// The CLI on the same state directory: `stack up --tls` finds the server running with TLS and reuses it, and
// `stack status --json` (without --tls: the stack remembers) reports TLS and the port.
TEST_F(MariadbTlsTest, CliUpAndStatusReportTls) {
  auto run = [](std::vector<std::string> arguments) {
    core::SpawnOptions spawn;
    spawn.argv = {opsdeck_binary().string(), "--state-dir", directory_->path().string(), "--json"};
    spawn.argv.insert(spawn.argv.end(), arguments.begin(), arguments.end());
    spawn.environment = {{"XDG_CONFIG_HOME", (directory_->path() / "config").string()}};
    return core::run_and_capture(spawn, std::chrono::seconds(120));
  };
  auto up = run({"stack", "up", "--tls"});
  ASSERT_TRUE(up) << up.error().message;
  ASSERT_TRUE(up->status.success()) << up->output;
  auto status = run({"stack", "status"});
  ASSERT_TRUE(status) << status.error().message;
  ASSERT_TRUE(status->status.success()) << status->output;
  const auto json = nlohmann::json::parse(status->output, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << status->output;
  const auto& mariadb = json["servers"][0];
  EXPECT_EQ(mariadb["name"], "mariadb");
  EXPECT_TRUE(mariadb["running"].get<bool>()) << mariadb.dump();
  EXPECT_TRUE(mariadb["tls"].get<bool>()) << mariadb.dump();
  EXPECT_EQ(mariadb["tcp_port"].get<unsigned>(), engine().mariadb_options().port);
  EXPECT_FALSE(json["servers"][1]["tls"].get<bool>());
}

TEST_F(MariadbTlsTest, OpsdeckConnectsOverTcpWithTheServerVerified) {
  const auto options = tls_options();
  EXPECT_EQ(options.host, "127.0.0.1");
  EXPECT_TRUE(options.socket.empty());
  EXPECT_TRUE(options.tls.verify_server);
  EXPECT_EQ(std::filesystem::path(options.tls.ca_file),
            certs_dir() / "cas" / (std::string(stack::MariadbStackServer::kCaName) + ".crt"));

  auto connection = store::MariadbConnection::connect(options);
  ASSERT_TRUE(connection) << connection.error().message;
  EXPECT_TRUE((*connection)->tls_in_use());
  auto cipher = (*connection)->execute_plain("SHOW STATUS LIKE 'Ssl_cipher'");
  ASSERT_TRUE(cipher) << cipher.error().message;
  ASSERT_EQ(cipher->rows.size(), 1U);
  EXPECT_FALSE(text_of(cipher->rows.front().at(1)).empty());
}

TEST_F(MariadbTlsTest, AnotherCaFailsVerificationWithAClearError) {
  certs::CertsEngine other(certs::CertsSettings{directory_->path() / "other", {}});
  auto other_ca = other.create_ca(
      {"other-ca", "", std::nullopt, certs::kDefaultCaDays, certs::KeyAlgorithm::kEcdsaP256, false});
  ASSERT_TRUE(other_ca) << other_ca.error().message;

  auto options = tls_options();
  options.tls.ca_file = (directory_->path() / "other" / "cas" / "other-ca.crt").string();
  auto connection = store::MariadbConnection::connect(options);
  ASSERT_FALSE(connection) << "connected although the server's certificate is not from other-ca";
  const auto& message = connection.error().message;
  EXPECT_THAT(message, HasSubstr("127.0.0.1:" + std::to_string(options.port)));
  EXPECT_THAT(message, HasSubstr("certificate verification failed"));
}

TEST_F(MariadbTlsTest, RequireX509AccountNeedsAClientCertificate) {
  {
    auto admin = store::MariadbConnection::connect(tls_options());
    ASSERT_TRUE(admin) << admin.error().message;
    // Fixed names: no user input in these statements.
    auto created = (*admin)->execute_plain("CREATE USER IF NOT EXISTS 'alice'@'%' REQUIRE X509");
    ASSERT_TRUE(created) << created.error().message;
  }
  certs::CertsEngine certs(certs::CertsSettings{certs_dir(), {}});
  auto alice_files =
      certs.ensure_client_tls(std::string(stack::MariadbStackServer::kCaName), "alice@localhost");
  ASSERT_TRUE(alice_files) << alice_files.error().message;

  auto alice = tls_options();
  alice.user = "alice";
  alice.database.clear();
  alice.tls.cert_file = alice_files->certificate_file.string();
  alice.tls.key_file = alice_files->key_file.string();
  auto with_certificate = store::MariadbConnection::connect(alice);
  ASSERT_TRUE(with_certificate) << with_certificate.error().message;
  EXPECT_TRUE((*with_certificate)->tls_in_use());
  auto who = (*with_certificate)->execute_plain("SELECT CURRENT_USER()");
  ASSERT_TRUE(who) << who.error().message;
  ASSERT_EQ(who->rows.size(), 1U);
  EXPECT_EQ(text_of(who->rows.front().at(0)), "alice@%");

  alice.tls.cert_file.clear();
  alice.tls.key_file.clear();
  auto without_certificate = store::MariadbConnection::connect(alice);
  ASSERT_FALSE(without_certificate) << "alice logged in without a client certificate";
  EXPECT_THAT(without_certificate.error().message, HasSubstr("Access denied"));
}

}  // namespace
}  // namespace opsdeck::testing
