// Real TLS with certificates from CertsEngine: openssl s_server presents them, openssl s_client and curl
// verify them against our CA (and the client certificate is checked with -Verify).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/certs/certs_pki_fixture.hpp"

namespace opsdeck::certs::testing {
namespace {

using ::testing::HasSubstr;

class CertsTlsTest : public CertsPkiTest {
 protected:
  std::vector<std::string> s_client(const OpensslServer& server, const std::string& ca_file,
                                    const std::string& host_name) {
    return {"openssl", "s_client",         "-connect", server.address(),       "-servername",
            host_name, "-verify_hostname", host_name,  "-verify_return_error", "-CAfile",
            ca_file};
  }
  std::vector<std::string> curl(const OpensslServer& server, const std::string& host_name) {
    return {"curl",
            "--noproxy",
            "*",
            "--silent",
            "--show-error",
            "--max-time",
            "20",
            "--resolve",
            host_name + ":" + std::to_string(server.port()) + ":127.0.0.1",
            "https://" + host_name + ":" + std::to_string(server.port()) + "/"};
  }
};

TEST_F(CertsTlsTest, ServerCertificateIsTrustedThroughTheCa) {
  auto server = OpensslServer::start({"-cert", host("localhost"), "-key", host("localhost", ".key"), "-www"},
                                     scratch("s_server.log"));
  ASSERT_TRUE(server);
  auto client = run_tool(s_client(*server, ca("root"), "localhost"));
  EXPECT_EQ(client.exit_code, 0) << client.output;
  EXPECT_THAT(client.output, HasSubstr("Verify return code: 0 (ok)"));

  auto ip = run_tool({"openssl", "s_client", "-connect", server->address(), "-verify_ip", "127.0.0.1",
                      "-verify_return_error", "-CAfile", ca("root")});
  EXPECT_EQ(ip.exit_code, 0) << ip.output;

  // Trusting another CA, or asking for another name, fails the handshake.
  auto wrong_ca = run_tool(s_client(*server, ca("inter"), "localhost"));
  EXPECT_NE(wrong_ca.exit_code, 0) << wrong_ca.output;
  auto wrong_name = run_tool(s_client(*server, ca("root"), "other.test"));
  EXPECT_NE(wrong_name.exit_code, 0) << wrong_name.output;

  auto fetched = curl(*server, "localhost");
  fetched.insert(fetched.begin() + 1, {"--cacert", ca("root")});
  auto page = run_tool(fetched);
  EXPECT_EQ(page.exit_code, 0) << page.output;
  EXPECT_THAT(page.output, HasSubstr("<HTML>"));
  auto untrusted = run_tool(curl(*server, "localhost"));
  EXPECT_NE(untrusted.exit_code, 0) << untrusted.output;
}

TEST_F(CertsTlsTest, IntermediateChainIsTrustedFromTheRoot) {
  auto server = OpensslServer::start(
      {"-cert", host("chain.test"), "-key", host("chain.test", ".key"), "-cert_chain", ca("inter"), "-www"},
      scratch("s_server.log"));
  ASSERT_TRUE(server);
  auto client = run_tool(s_client(*server, ca("root"), "chain.test"));
  EXPECT_EQ(client.exit_code, 0) << client.output;
  EXPECT_THAT(client.output, HasSubstr("Verify return code: 0 (ok)"));
  auto fetched = curl(*server, "chain.test");
  fetched.insert(fetched.begin() + 1, {"--cacert", ca("root")});
  auto page = run_tool(fetched);
  EXPECT_EQ(page.exit_code, 0) << page.output;
}

TEST_F(CertsTlsTest, ClientCertificatesAuthenticate) {
  auto server = OpensslServer::start({"-cert", host("localhost"), "-key", host("localhost", ".key"),
                                      "-CAfile", ca("root"), "-Verify", "1", "-verify_return_error", "-www"},
                                     scratch("s_server.log"));
  ASSERT_TRUE(server);
  auto with_certificate = s_client(*server, ca("root"), "localhost");
  with_certificate.insert(with_certificate.end(),
                          {"-cert", user("alice@localhost"), "-key", user("alice@localhost", ".key")});
  auto accepted = run_tool(with_certificate);
  EXPECT_EQ(accepted.exit_code, 0) << accepted.output;

  // Refusals are checked over TLS 1.2: there the server rejects the client's certificate inside the
  // handshake. Under TLS 1.3 the client may finish and exit before the server's alert arrives.
  auto without_certificate = s_client(*server, ca("root"), "localhost");
  without_certificate.push_back("-tls1_2");
  auto refused = run_tool(without_certificate);
  EXPECT_NE(refused.exit_code, 0) << refused.output;

  auto fetched = curl(*server, "localhost");
  fetched.insert(fetched.begin() + 1, {"--cacert", ca("root"), "--cert", user("alice@localhost"), "--key",
                                       user("alice@localhost", ".key")});
  auto page = run_tool(fetched);
  EXPECT_EQ(page.exit_code, 0) << page.output;
  EXPECT_THAT(page.output, HasSubstr("<HTML>"));
  auto without = curl(*server, "localhost");
  without.insert(without.begin() + 1, {"--cacert", ca("root"), "--tls-max", "1.2"});
  auto denied = run_tool(without);
  EXPECT_NE(denied.exit_code, 0) << denied.output;

  // A client certificate from a CA the server does not trust is refused too.
  ASSERT_TRUE(must(engine_.create_ca({"stranger", "", std::nullopt, 30, KeyAlgorithm::kEcdsaP256, false})));
  ASSERT_TRUE(
      must(engine_.create_client({"eve@localhost", "stranger", 30, KeyAlgorithm::kEcdsaP256, false})));
  auto stranger = s_client(*server, ca("root"), "localhost");
  stranger.insert(stranger.end(),
                  {"-cert", user("eve@localhost"), "-key", user("eve@localhost", ".key"), "-tls1_2"});
  auto rejected = run_tool(stranger);
  EXPECT_NE(rejected.exit_code, 0) << rejected.output;
}

TEST_F(CertsTlsTest, Ed25519AndRsaServersHandshake) {
  for (auto algorithm : {KeyAlgorithm::kEd25519, KeyAlgorithm::kRsa2048}) {
    std::string name = std::string(to_string(algorithm)) + ".test";
    SCOPED_TRACE(name);
    ASSERT_TRUE(must(engine_.create_server({name, "root", {}, 30, algorithm, false})));
    auto server = OpensslServer::start({"-cert", host(name), "-key", host(name, ".key"), "-www"},
                                       scratch(name + ".log"));
    ASSERT_TRUE(server);
    auto client = run_tool(s_client(*server, ca("root"), name));
    EXPECT_EQ(client.exit_code, 0) << client.output;
  }
}

}  // namespace
}  // namespace opsdeck::certs::testing
