// Every certificate CertsEngine makes, checked by the real openssl CLI: chains verify, extensions are what
// `openssl x509 -text` should show, every key type works, CSRs and CRLs are accepted, PKCS#12 opens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/certs/certs_pki_fixture.hpp"

namespace opsdeck::certs::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(CertsPkiTest, EveryCertificateVerifiesAgainstItsCa) {
  auto direct =
      openssl({"verify", "-CAfile", ca("root"), host("localhost"), user("alice@localhost"), ca("inter")});
  EXPECT_EQ(direct.exit_code, 0) << direct.output;
  EXPECT_THAT(direct.output, HasSubstr("localhost.crt: OK"));
  EXPECT_THAT(direct.output, HasSubstr("alice@localhost.crt: OK"));

  auto chained = openssl({"verify", "-CAfile", ca("root"), "-untrusted", ca("inter"), host("chain.test")});
  EXPECT_EQ(chained.exit_code, 0) << chained.output;
  auto without_intermediate = openssl({"verify", "-CAfile", ca("root"), host("chain.test")});
  EXPECT_NE(without_intermediate.exit_code, 0) << without_intermediate.output;

  auto purpose = openssl({"verify", "-purpose", "sslserver", "-CAfile", ca("root"), host("localhost")});
  EXPECT_EQ(purpose.exit_code, 0) << purpose.output;
  auto client_purpose =
      openssl({"verify", "-purpose", "sslclient", "-CAfile", ca("root"), user("alice@localhost")});
  EXPECT_EQ(client_purpose.exit_code, 0) << client_purpose.output;
  auto wrong_purpose =
      openssl({"verify", "-purpose", "sslserver", "-CAfile", ca("root"), user("alice@localhost")});
  EXPECT_NE(wrong_purpose.exit_code, 0) << wrong_purpose.output;
}

TEST_F(CertsPkiTest, ExtensionsAreTheExpectedOnes) {
  auto root = openssl({"x509", "-in", ca("root"), "-text", "-noout"});
  EXPECT_THAT(root.output, HasSubstr("X509v3 Basic Constraints: critical\n                CA:TRUE\n"));
  EXPECT_THAT(root.output,
              HasSubstr("X509v3 Key Usage: critical\n                Digital Signature, Certificate "
                        "Sign, CRL Sign"));
  EXPECT_THAT(root.output, HasSubstr("X509v3 Subject Key Identifier"));
  EXPECT_THAT(root.output, HasSubstr("Issuer: CN = root"));
  EXPECT_THAT(root.output, HasSubstr("ecdsa-with-SHA256"));

  auto inter = openssl({"x509", "-in", ca("inter"), "-text", "-noout"});
  EXPECT_THAT(inter.output, HasSubstr("CA:TRUE, pathlen:0"));
  EXPECT_THAT(inter.output, HasSubstr("X509v3 Authority Key Identifier"));
  EXPECT_THAT(inter.output, HasSubstr("Public-Key: (2048 bit)"));

  auto server = openssl({"x509", "-in", host("localhost"), "-text", "-noout"});
  EXPECT_THAT(server.output, HasSubstr("X509v3 Basic Constraints: critical\n                CA:FALSE"));
  EXPECT_THAT(server.output, HasSubstr("X509v3 Key Usage: critical\n                Digital Signature\n"));
  EXPECT_THAT(server.output,
              HasSubstr("X509v3 Extended Key Usage: \n                TLS Web Server Authentication"));
  EXPECT_THAT(server.output, HasSubstr("DNS:localhost, IP Address:127.0.0.1"));
  EXPECT_THAT(server.output, HasSubstr("X509v3 Subject Key Identifier"));
  EXPECT_THAT(server.output, HasSubstr("X509v3 Authority Key Identifier"));
  EXPECT_THAT(server.output, HasSubstr("Subject: CN = localhost"));

  auto client = openssl({"x509", "-in", user("alice@localhost"), "-text", "-noout"});
  EXPECT_THAT(client.output, HasSubstr("TLS Web Client Authentication"));
  EXPECT_THAT(client.output, Not(HasSubstr("TLS Web Server Authentication")));
  EXPECT_THAT(client.output, HasSubstr("Subject: CN = alice@localhost"));

  // The serial is random and 128 bits wide: 16 bytes, positive.
  auto serial = openssl({"x509", "-in", host("localhost"), "-noout", "-serial"});
  ASSERT_EQ(serial.exit_code, 0);
  std::string hex = serial.output.substr(serial.output.find('=') + 1);
  hex.erase(hex.find_last_not_of("\n") + 1);
  EXPECT_EQ(hex.size(), 32u) << hex;
}

TEST_F(CertsPkiTest, EveryKeyTypeMakesVerifiableCertificates) {
  struct Expectation {
    KeyAlgorithm algorithm;
    std::string text;
  };
  for (const auto& [algorithm, text] :
       std::vector<Expectation>{{KeyAlgorithm::kRsa2048, "Public-Key: (2048 bit)"},
                                {KeyAlgorithm::kRsa3072, "Public-Key: (3072 bit)"},
                                {KeyAlgorithm::kRsa4096, "Public-Key: (4096 bit)"},
                                {KeyAlgorithm::kEd25519, "ED25519 Public-Key"},
                                {KeyAlgorithm::kEcdsaP256, "NIST CURVE: P-256"}}) {
    std::string name = "k-" + std::string(to_string(algorithm)) + ".test";
    SCOPED_TRACE(name);
    std::string ca_name = "ca-" + std::string(to_string(algorithm));
    ASSERT_TRUE(must(engine_.create_ca({ca_name, "", std::nullopt, 30, algorithm, false})));
    ASSERT_TRUE(must(engine_.create_server({name, ca_name, {}, 30, algorithm, false})));
    auto verified = openssl({"verify", "-CAfile", ca(ca_name), host(name)});
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
    auto decoded = openssl({"x509", "-in", host(name), "-text", "-noout"});
    EXPECT_THAT(decoded.output, HasSubstr(text));
    auto key = openssl({"pkey", "-in", host(name, ".key"), "-noout"});
    EXPECT_EQ(key.exit_code, 0) << key.output;
    auto crl_check = openssl({"crl", "-in", crl(ca_name), "-CAfile", ca(ca_name), "-noout"});
    EXPECT_EQ(crl_check.exit_code, 0) << crl_check.output;
    EXPECT_THAT(crl_check.output, HasSubstr("verify OK"));
  }
}

TEST_F(CertsPkiTest, RevokedCertificatesFailCrlCheck) {
  ASSERT_TRUE(must(engine_.create_server({"gone.test", "root", {}, 30, KeyAlgorithm::kEcdsaP256, false})));
  ASSERT_TRUE(must(engine_.revoke({"gone.test", std::nullopt, 30})));
  auto revoked =
      openssl({"verify", "-crl_check", "-CAfile", ca("root"), "-CRLfile", crl("root"), host("gone.test")});
  EXPECT_NE(revoked.exit_code, 0) << revoked.output;
  EXPECT_THAT(revoked.output, HasSubstr("certificate revoked"));
  auto still_good =
      openssl({"verify", "-crl_check", "-CAfile", ca("root"), "-CRLfile", crl("root"), host("localhost")});
  EXPECT_EQ(still_good.exit_code, 0) << still_good.output;
  auto listed = openssl({"crl", "-in", crl("root"), "-noout", "-text"});
  EXPECT_THAT(listed.output, HasSubstr("Revoked Certificates:"));
  EXPECT_THAT(listed.output, HasSubstr("X509v3 CRL Number: \n                2"));

  // Revoking the intermediate breaks every chain through it under -crl_check_all.
  std::vector<std::string> chain_check = {"verify",     "-crl_check_all", "-CAfile",         ca("root"),
                                          "-untrusted", ca("inter"),      "-CRLfile",        crl("root"),
                                          "-CRLfile",   crl("inter"),     host("chain.test")};
  auto before = openssl(chain_check);
  EXPECT_EQ(before.exit_code, 0) << before.output;
  ASSERT_TRUE(must(engine_.revoke({"inter", std::nullopt, 30})));
  auto after = openssl(chain_check);
  EXPECT_NE(after.exit_code, 0) << after.output;
  EXPECT_THAT(after.output, HasSubstr("certificate revoked"));
}

TEST_F(CertsPkiTest, CsrsGoBothWays) {
  // Ours: openssl accepts the CSR and its extension request.
  ASSERT_TRUE(must(engine_.create_csr(
      {CertKind::kHost, "req.test", {"DNS:alias.test"}, KeyAlgorithm::kEcdsaP256, false})));
  auto checked = openssl({"req", "-in", host("req.test", ".csr"), "-verify", "-noout", "-text"});
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  EXPECT_THAT(checked.output, HasSubstr("DNS:req.test, DNS:alias.test"));
  EXPECT_THAT(checked.output, HasSubstr("Subject: CN = req.test"));

  // Theirs: a CSR made by openssl req is signed by our CA and verifies.
  auto made =
      openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
               "/CN=ext.test/O=Elsewhere", "-addext", "subjectAltName=DNS:ext.test,IP:10.9.8.7", "-keyout",
               scratch("ext.key"), "-out", scratch("ext.csr")});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto issued =
      engine_.sign_csr({scratch("ext.csr"), "inter", std::nullopt, "", {"DNS:more.test"}, 30, false});
  ASSERT_TRUE(issued.ok()) << issued.error().describe();
  auto verified = openssl({"verify", "-CAfile", ca("root"), "-untrusted", ca("inter"), host("ext.test")});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  auto decoded = openssl({"x509", "-in", host("ext.test"), "-noout", "-text"});
  EXPECT_THAT(decoded.output, HasSubstr("Subject: CN = ext.test\n"));  // O= from the CSR is not copied
  EXPECT_THAT(decoded.output, HasSubstr("DNS:ext.test, IP Address:10.9.8.7, DNS:more.test"));
  auto pair = openssl({"x509", "-in", host("ext.test"), "-noout", "-pubkey"});
  auto key_public = openssl({"pkey", "-in", scratch("ext.key"), "-pubout"});
  EXPECT_EQ(pair.output, key_public.output);
}

TEST_F(CertsPkiTest, Pkcs12OpensWithItsPassphraseOnly) {
  auto exported = engine_.export_pkcs12(
      {"chain.test", std::nullopt, core::Secret("p12-secret"), scratch("chain.p12"), false});
  ASSERT_TRUE(exported.ok()) << exported.error().describe();
  EXPECT_EQ(mode_of(scratch("chain.p12")), 0600u);
  auto opened =
      run_tool({"openssl", "pkcs12", "-in", scratch("chain.p12"), "-passin", "env:P12_PASS", "-nodes"},
               {{"P12_PASS", "p12-secret"}});
  EXPECT_EQ(opened.exit_code, 0) << opened.output;
  EXPECT_THAT(opened.output, HasSubstr("subject=CN = chain.test"));
  EXPECT_THAT(opened.output, HasSubstr("subject=CN = inter"));  // the chain up to the root
  EXPECT_THAT(opened.output, HasSubstr("subject=CN = root"));
  EXPECT_THAT(opened.output, HasSubstr("BEGIN PRIVATE KEY"));
  auto wrong = run_tool({"openssl", "pkcs12", "-in", scratch("chain.p12"), "-passin", "pass:nope", "-noout"});
  EXPECT_NE(wrong.exit_code, 0) << wrong.output;
}

TEST_F(CertsPkiTest, EncryptedKeysImportWithTheRightPassphraseOnly) {
  auto key = openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc",
                      "-pass", "pass:key-secret", "-out", scratch("enc.key")});
  ASSERT_EQ(key.exit_code, 0) << key.output;
  auto csr = openssl({"req", "-new", "-key", scratch("enc.key"), "-passin", "pass:key-secret", "-subj",
                      "/CN=enc.test", "-out", scratch("enc.csr")});
  ASSERT_EQ(csr.exit_code, 0) << csr.output;
  // Signed by a CA in another directory, then imported here with its encrypted key.
  ScratchDirectory other;
  CertsEngine outside({other.path(), {}});
  ASSERT_TRUE(must(outside.create_ca({"other", "", std::nullopt, 30, KeyAlgorithm::kEcdsaP256, false})));
  ASSERT_TRUE(must(outside.sign_csr({scratch("enc.csr"), "other", std::nullopt, "", {}, 30, false})));
  auto certificate = other.path() / "hosts" / "enc.test.crt";

  auto before = tree_state(dir());
  auto no_passphrase = engine_.import({certificate, scratch("enc.key"), std::nullopt, "", {}, false});
  ASSERT_FALSE(no_passphrase.ok());
  EXPECT_THAT(no_passphrase.error().message, HasSubstr("passphrase is needed"));
  auto wrong =
      engine_.import({certificate, scratch("enc.key"), std::nullopt, "", core::Secret("not-it"), false});
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.error().message, HasSubstr("wrong passphrase"));
  EXPECT_THAT(wrong.error().message, HasSubstr("enc.key"));
  EXPECT_EQ(tree_state(dir()), before);

  auto imported =
      engine_.import({certificate, scratch("enc.key"), std::nullopt, "", core::Secret("key-secret"), false});
  ASSERT_TRUE(imported.ok()) << imported.error().describe();
  EXPECT_EQ(mode_of(host("enc.test", ".key")), 0600u);
  // Stored decrypted (the 0600 mode protects it, as easycert does) and usable by openssl.
  auto usable = openssl({"pkey", "-in", host("enc.test", ".key"), "-noout"});
  EXPECT_EQ(usable.exit_code, 0) << usable.output;
}

TEST_F(CertsPkiTest, KeysArePrivateAndDirectoriesClosed) {
  for (const auto& key : {dir() / "cas" / "root.key", dir() / "cas" / "inter.key",
                          dir() / "hosts" / "localhost.key", dir() / "users" / "alice@localhost.key"}) {
    EXPECT_EQ(mode_of(key), 0600u) << key;
  }
  for (const auto& folder : {dir(), dir() / "cas", dir() / "hosts", dir() / "users", dir() / "crls"}) {
    EXPECT_EQ(mode_of(folder), 0700u) << folder;
  }
  EXPECT_EQ(mode_of(ca("root")), 0644u);
}

}  // namespace
}  // namespace opsdeck::certs::testing
