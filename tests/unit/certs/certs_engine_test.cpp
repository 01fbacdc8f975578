// CertsEngine in-process: what each operation writes, with which modes, and the rules it keeps (no
// overwrite without force, pathlen, CA keys stay in cas/). Certificates are checked by the real openssl
// CLI in tests/integration/certs; here the engine's own decoding is enough.
#include "backend/certs/certs_engine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/certs/scratch_directory.hpp"

namespace opsdeck::certs {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::mode_of;
using testing::read_text;
using testing::ScratchDirectory;

class CertsEngineTest : public ::testing::Test {
 protected:
  CertsEngine engine() {
    return CertsEngine({dir(), [this] { return now_; }});
  }
  std::filesystem::path dir() const { return scratch_.path() / "certs"; }

  CertsOutcome must(core::Result<CertsOutcome> result) {
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().describe());
    return result.ok() ? std::move(result).value() : CertsOutcome{};
  }
  void make_root(const std::string& name = "root", std::optional<int> path_length = std::nullopt) {
    must(engine().create_ca({name, "", path_length, kDefaultCaDays, KeyAlgorithm::kEcdsaP256, false}));
  }

  ScratchDirectory scratch_;
  std::int64_t now_ = 1'750'000'000;  // June 2025
};

TEST_F(CertsEngineTest, RootCaWithPrivateKeyAndAnEmptyCrl) {
  auto outcome = must(engine().create_ca({"root", "", std::nullopt, 3650, KeyAlgorithm::kEcdsaP256, false}));
  ASSERT_TRUE(outcome.certificate);
  const auto& ca = *outcome.certificate;
  EXPECT_EQ(ca.kind, CertKind::kCa);
  EXPECT_EQ(ca.subject, "CN=root");
  EXPECT_EQ(ca.issuer, "CN=root");
  EXPECT_TRUE(ca.is_ca);
  EXPECT_TRUE(ca.self_signed);
  EXPECT_EQ(ca.path_length, std::nullopt);
  EXPECT_EQ(ca.key_type, "ECDSA P-256");
  EXPECT_THAT(ca.key_usage, Contains("keyCertSign"));
  EXPECT_THAT(ca.key_usage, Contains("cRLSign"));
  EXPECT_EQ(ca.days_left(now_), 3650);
  EXPECT_EQ(ca.serial.size(), 32u);  // 128 bits, top bit clear, never shorter
  EXPECT_LT(ca.serial[0], '8');
  ASSERT_EQ(outcome.written.size(), 3u);
  EXPECT_EQ(outcome.written[0].path, dir() / "cas" / "root.key");
  EXPECT_EQ(mode_of(dir() / "cas" / "root.key"), 0600u);
  EXPECT_EQ(mode_of(dir() / "cas" / "root.crt"), 0644u);
  EXPECT_EQ(mode_of(dir() / "crls" / "root.crl"), 0644u);
  for (const char* folder : {"", "cas", "hosts", "users", "crls"}) {
    EXPECT_EQ(mode_of(dir() / folder), 0700u) << folder;
  }
}

TEST_F(CertsEngineTest, ServerAndClientCertificatesSignedByTheCa) {
  make_root();
  auto server = must(engine().create_server(
      {"db.example.com", "root", {"IP:127.0.0.1", "DNS:db"}, 90, KeyAlgorithm::kRsa2048, false}));
  ASSERT_TRUE(server.certificate);
  EXPECT_EQ(server.certificate->issuer, "CN=root");
  EXPECT_FALSE(server.certificate->is_ca);
  EXPECT_EQ(server.certificate->subject_alt_names,
            (std::vector<std::string>{"DNS:db.example.com", "IP:127.0.0.1", "DNS:db"}));
  EXPECT_EQ(server.certificate->extended_key_usage, std::vector<std::string>{"serverAuth"});
  EXPECT_THAT(server.certificate->key_usage, Contains("keyEncipherment"));  // RSA
  EXPECT_EQ(server.certificate->key_type, "RSA 2048");
  EXPECT_EQ(server.certificate->days_left(now_), 90);
  EXPECT_EQ(mode_of(dir() / "hosts" / "db.example.com.key"), 0600u);

  auto client =
      must(engine().create_client({"alice@db.example.com", "root", 30, KeyAlgorithm::kEd25519, false}));
  ASSERT_TRUE(client.certificate);
  EXPECT_EQ(client.certificate->subject, "CN=alice@db.example.com");
  EXPECT_EQ(client.certificate->extended_key_usage, std::vector<std::string>{"clientAuth"});
  EXPECT_EQ(client.certificate->key_type, "Ed25519");
  EXPECT_TRUE(std::filesystem::exists(dir() / "users" / "alice@db.example.com.key"));
}

TEST_F(CertsEngineTest, IntermediatesRespectPathLength) {
  make_root("root", 1);
  auto inter =
      must(engine().create_ca({"inter", "root", std::nullopt, 365, KeyAlgorithm::kEcdsaP256, false}));
  ASSERT_TRUE(inter.certificate);
  EXPECT_EQ(inter.certificate->path_length, 0);
  EXPECT_EQ(inter.certificate->issuer, "CN=root");
  EXPECT_FALSE(inter.certificate->self_signed);

  auto below_zero =
      engine().create_ca({"deeper", "inter", std::nullopt, 365, KeyAlgorithm::kEcdsaP256, false});
  ASSERT_FALSE(below_zero.ok());
  EXPECT_THAT(below_zero.error().message, HasSubstr("pathlen 0"));
  auto too_long = engine().create_ca({"wide", "root", 1, 365, KeyAlgorithm::kEcdsaP256, false});
  ASSERT_FALSE(too_long.ok());
  EXPECT_THAT(too_long.error().message, HasSubstr("at most 0"));
  EXPECT_FALSE(std::filesystem::exists(dir() / "cas" / "deeper.key"));
  EXPECT_FALSE(std::filesystem::exists(dir() / "cas" / "wide.key"));

  must(engine().create_server({"leaf.example.com", "inter", {}, 30, KeyAlgorithm::kEcdsaP256, false}));
}

TEST_F(CertsEngineTest, NeverOverwritesWithoutForce) {
  make_root();
  must(engine().create_server({"db", "root", {}, 30, KeyAlgorithm::kEcdsaP256, false}));
  std::string key = read_text(dir() / "hosts" / "db.key");
  std::string certificate = read_text(dir() / "hosts" / "db.crt");
  auto again = engine().create_server({"db", "root", {}, 30, KeyAlgorithm::kEcdsaP256, false});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().category, core::ErrorCategory::kConflict);
  EXPECT_THAT(again.error().message, HasSubstr("hosts/db."));
  EXPECT_THAT(again.error().message, HasSubstr("--force"));
  EXPECT_EQ(read_text(dir() / "hosts" / "db.key"), key);
  EXPECT_EQ(read_text(dir() / "hosts" / "db.crt"), certificate);

  auto root_again = engine().create_ca({"root", "", std::nullopt, 30, KeyAlgorithm::kEcdsaP256, false});
  EXPECT_FALSE(root_again.ok());

  must(engine().create_server({"db", "root", {}, 30, KeyAlgorithm::kEcdsaP256, true}));
  EXPECT_NE(read_text(dir() / "hosts" / "db.key"), key);
  EXPECT_EQ(mode_of(dir() / "hosts" / "db.key"), 0600u);
}

TEST_F(CertsEngineTest, AnExpiredCaMayNotSign) {
  now_ -= 10 * 86400;
  must(engine().create_ca({"old", "", std::nullopt, 2, KeyAlgorithm::kEcdsaP256, false}));
  now_ += 10 * 86400;
  auto before = testing::tree_state(dir());
  auto signed_by_old = engine().create_server({"db", "old", {}, 30, KeyAlgorithm::kEcdsaP256, false});
  ASSERT_FALSE(signed_by_old.ok());
  EXPECT_THAT(signed_by_old.error().message, HasSubstr("CA \"old\" expired on"));
  EXPECT_THAT(signed_by_old.error().message, HasSubstr("renew"));
  EXPECT_EQ(testing::tree_state(dir()), before);

  // Renewal is the way out: the same key, a fresh validity.
  auto renewed = must(engine().renew({"old", std::nullopt, 365, false, std::nullopt}));
  ASSERT_TRUE(renewed.certificate);
  EXPECT_EQ(renewed.certificate->days_left(now_), 365);
  must(engine().create_server({"db", "old", {}, 30, KeyAlgorithm::kEcdsaP256, false}));
}

TEST_F(CertsEngineTest, CsrSignedElsewhereComesBackThroughImport) {
  auto request = must(engine().create_csr(
      {CertKind::kHost, "web.example.com", {"IP:10.0.0.7"}, KeyAlgorithm::kEcdsaP256, false}));
  ASSERT_EQ(request.written.size(), 2u);
  auto csr_path = dir() / "hosts" / "web.example.com.csr";
  EXPECT_EQ(mode_of(dir() / "hosts" / "web.example.com.key"), 0600u);
  EXPECT_THAT(read_text(csr_path), HasSubstr("BEGIN CERTIFICATE REQUEST"));

  auto listed = engine().list();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->pending.size(), 1u);
  EXPECT_EQ(listed->pending[0].name, "web.example.com");

  // The "outside" CA lives in another directory.
  ScratchDirectory other;
  CertsEngine outside({other.path(), [this] { return now_; }});
  must(outside.create_ca({"external", "", std::nullopt, 365, KeyAlgorithm::kEcdsaP256, false}));
  auto issued = must(outside.sign_csr({csr_path, "external", std::nullopt, "", {}, 90, false}));
  ASSERT_TRUE(issued.certificate);
  EXPECT_EQ(issued.certificate->subject, "CN=web.example.com");
  EXPECT_EQ(issued.certificate->subject_alt_names,
            (std::vector<std::string>{"DNS:web.example.com", "IP:10.0.0.7"}));
  EXPECT_FALSE(issued.certificate->has_key);  // the key never left our directory

  auto imported = must(engine().import({issued.written[0].path, std::nullopt, std::nullopt, "", {}, false}));
  ASSERT_TRUE(imported.certificate);
  EXPECT_EQ(imported.certificate->kind, CertKind::kHost);
  EXPECT_TRUE(imported.certificate->has_key);
  EXPECT_TRUE(engine().list()->pending.empty());

  // The CA's certificate joins cas/ without its key: trusted, cannot sign.
  auto trusted = must(
      engine().import({other.path() / "cas" / "external.crt", std::nullopt, std::nullopt, "", {}, false}));
  ASSERT_TRUE(trusted.certificate);
  EXPECT_EQ(trusted.certificate->kind, CertKind::kCa);
  EXPECT_FALSE(trusted.certificate->has_key);
  auto cannot_sign = engine().create_server({"x", "external", {}, 30, KeyAlgorithm::kEcdsaP256, false});
  ASSERT_FALSE(cannot_sign.ok());
  EXPECT_THAT(cannot_sign.error().message, HasSubstr("has no key"));
}

TEST_F(CertsEngineTest, RevocationUpdatesTheCrlAndTheListing) {
  make_root();
  must(engine().create_server({"db", "root", {}, 30, KeyAlgorithm::kEcdsaP256, false}));
  must(engine().create_client({"bob@db", "root", 30, KeyAlgorithm::kEcdsaP256, false}));
  std::string crl_before = read_text(dir() / "crls" / "root.crl");
  auto revoked = must(engine().revoke({"db", std::nullopt, 7}));
  ASSERT_TRUE(revoked.certificate);
  EXPECT_TRUE(revoked.certificate->revoked);
  EXPECT_NE(read_text(dir() / "crls" / "root.crl"), crl_before);

  auto listed = engine().list();
  ASSERT_TRUE(listed.ok());
  for (const auto& info : listed->certificates) {
    EXPECT_EQ(info.revoked, info.name == "db") << info.name;
  }
  auto twice = engine().revoke({"db", std::nullopt, 7});
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.error().message, HasSubstr("already revoked"));
  auto root = engine().revoke({"root", std::nullopt, 7});
  ASSERT_FALSE(root.ok());
  EXPECT_THAT(root.error().message, HasSubstr("self-signed"));
  must(engine().revoke({"bob@db", std::nullopt, 7}));
  EXPECT_TRUE(engine().inspect({"bob@db", std::nullopt})->revoked);
}

TEST_F(CertsEngineTest, RenewKeepsOrReplacesTheKey) {
  make_root();
  auto first =
      must(engine().create_server({"db", "root", {"IP:10.1.1.1"}, 30, KeyAlgorithm::kEcdsaP256, false}));
  std::string key = read_text(dir() / "hosts" / "db.key");
  now_ += 86400;
  auto same_key = must(engine().renew({"db", std::nullopt, std::nullopt, false, std::nullopt}));
  ASSERT_TRUE(same_key.certificate && first.certificate);
  EXPECT_NE(same_key.certificate->serial, first.certificate->serial);
  EXPECT_EQ(same_key.certificate->subject_alt_names, first.certificate->subject_alt_names);
  EXPECT_EQ(same_key.certificate->days_left(now_), 30);
  EXPECT_EQ(read_text(dir() / "hosts" / "db.key"), key);
  ASSERT_EQ(same_key.written.size(), 1u);

  auto new_key = must(engine().renew({"db", std::nullopt, 10, true, KeyAlgorithm::kEd25519}));
  ASSERT_TRUE(new_key.certificate);
  EXPECT_EQ(new_key.certificate->key_type, "Ed25519");
  EXPECT_NE(read_text(dir() / "hosts" / "db.key"), key);
  EXPECT_EQ(mode_of(dir() / "hosts" / "db.key"), 0600u);
}

TEST_F(CertsEngineTest, CaRenewedWithANewKeyKeepsItsRevocations) {
  make_root();
  must(engine().create_server({"db", "root", {}, 30, KeyAlgorithm::kEcdsaP256, false}));
  must(engine().revoke({"db", std::nullopt, 30}));
  auto renewed = must(engine().renew({"root", std::nullopt, std::nullopt, true, std::nullopt}));
  EXPECT_THAT(renewed.notes, Contains(HasSubstr("no longer verify")));
  ASSERT_EQ(renewed.written.size(), 3u);
  auto listed = engine().list();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->certificates.size(), 2u);
  EXPECT_TRUE(listed->certificates[1].revoked);  // the CRL, re-signed with the new key, still lists db
}

TEST_F(CertsEngineTest, Pkcs12RoundTripAndItsPassphrase) {
  make_root();
  must(engine().create_client({"carol@db", "root", 30, KeyAlgorithm::kEcdsaP256, false}));
  auto exported =
      must(engine().export_pkcs12({"carol@db", std::nullopt, core::Secret("correct horse"), {}, false}));
  auto bundle = dir() / "users" / "carol@db.p12";
  ASSERT_EQ(exported.written.size(), 1u);
  EXPECT_EQ(exported.written[0].path, bundle);
  EXPECT_EQ(mode_of(bundle), 0600u);

  ScratchDirectory other;
  CertsEngine elsewhere({other.path(), [this] { return now_; }});
  auto wrong = elsewhere.import({bundle, std::nullopt, std::nullopt, "", core::Secret("wrong horse"), false});
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.error().message, HasSubstr("wrong passphrase"));
  EXPECT_THAT(wrong.error().message, HasSubstr("carol@db.p12"));
  EXPECT_TRUE(testing::tree_state(other.path()).empty());

  auto imported =
      must(elsewhere.import({bundle, std::nullopt, std::nullopt, "", core::Secret("correct horse"), false}));
  ASSERT_TRUE(imported.certificate);
  EXPECT_EQ(imported.certificate->kind, CertKind::kUser);
  EXPECT_TRUE(imported.certificate->has_key);
  EXPECT_EQ(mode_of(other.path() / "users" / "carol@db.key"), 0600u);
}

TEST_F(CertsEngineTest, ListingReportsUnreadableFilesAndGoesOn) {
  EXPECT_TRUE(engine().list()->certificates.empty());
  EXPECT_FALSE(std::filesystem::exists(dir()));  // listing creates nothing
  make_root();
  testing::write_text(dir() / "hosts" / "broken.crt",
                      "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n");
  auto listed = engine().list(true);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->certificates.size(), 1u);
  EXPECT_THAT(listed->certificates[0].decoded_text, HasSubstr("Subject: CN = root"));
  ASSERT_EQ(listed->problems.size(), 1u);
  EXPECT_THAT(listed->problems[0].message, HasSubstr("hosts/broken.crt"));
}

TEST_F(CertsEngineTest, InspectFindsTheNameInAnyFolder) {
  make_root("shared");
  must(engine().create_server({"shared", "shared", {}, 30, KeyAlgorithm::kEcdsaP256, false}));
  auto ambiguous = engine().inspect({"shared", std::nullopt});
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_THAT(ambiguous.error().message, HasSubstr("--type"));
  auto host = engine().inspect({"shared", CertKind::kHost});
  ASSERT_TRUE(host.ok());
  EXPECT_THAT(host->decoded_text, HasSubstr("TLS Web Server Authentication"));
  auto missing = engine().inspect({"nobody", std::nullopt});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().category, core::ErrorCategory::kNotFound);
}

TEST_F(CertsEngineTest, EnsureServerTlsIsIdempotent) {
  auto first = engine().ensure_server_tls("opsdeck-local", "localhost", {"IP:127.0.0.1"});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->ca_file, dir() / "cas" / "opsdeck-local.crt");
  EXPECT_EQ(first->key_file, dir() / "hosts" / "localhost.key");
  std::string certificate = read_text(first->certificate_file);
  auto second = engine().ensure_server_tls("opsdeck-local", "localhost", {"IP:127.0.0.1"});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(read_text(second->certificate_file), certificate);
  now_ += (kDefaultLeafDays - 10) * std::int64_t{86400};  // close to expiry: renewed
  auto third = engine().ensure_server_tls("opsdeck-local", "localhost", {"IP:127.0.0.1"});
  ASSERT_TRUE(third.ok()) << third.error().message;
  EXPECT_NE(read_text(third->certificate_file), certificate);
  auto client = engine().ensure_client_tls("opsdeck-local", "opsdeck@localhost");
  ASSERT_TRUE(client.ok()) << client.error().message;
  EXPECT_TRUE(std::filesystem::exists(client->key_file));
}

}  // namespace
}  // namespace opsdeck::certs
