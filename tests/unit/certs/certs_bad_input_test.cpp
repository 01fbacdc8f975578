// Every kind of bad input gets an error that names the input, and leaves the directory exactly as it was:
// same files, same modes, same contents.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "backend/certs/certs_engine.hpp"
#include "tests/unit/certs/scratch_directory.hpp"

namespace opsdeck::certs {
namespace {

using ::testing::HasSubstr;
using testing::read_text;
using testing::ScratchDirectory;
using testing::tree_state;
using testing::write_text;

struct BadInput {
  std::string label;
  std::function<core::Status(CertsEngine&)> run;
  std::string expected;  // part of the message
};

template <typename T>
core::Status status_of(const core::Result<T>& result) {
  if (result.ok()) {
    return {};
  }
  return core::Unexpected{result.error()};
}

class CertsBadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CertsEngine setup = engine();
    ASSERT_TRUE(setup.create_ca({"root", "", 0, 3650, KeyAlgorithm::kEcdsaP256, false}).ok());
    ASSERT_TRUE(setup.create_ca({"broken", "", std::nullopt, 3650, KeyAlgorithm::kEcdsaP256, false}).ok());
    ASSERT_TRUE(setup.create_ca({"mismatch", "", std::nullopt, 3650, KeyAlgorithm::kEcdsaP256, false}).ok());
    ASSERT_TRUE(setup.create_server({"db", "root", {}, 30, KeyAlgorithm::kEcdsaP256, false}).ok());
    ASSERT_TRUE(setup.create_csr({CertKind::kHost, "web", {}, KeyAlgorithm::kEcdsaP256, false}).ok());
    now_ -= 30 * 86400;
    ASSERT_TRUE(engine().create_ca({"old", "", std::nullopt, 1, KeyAlgorithm::kEcdsaP256, false}).ok());
    now_ += 30 * 86400;
    write_text(dir() / "cas" / "broken.key",
               "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    write_text(dir() / "cas" / "mismatch.key", read_text(dir() / "cas" / "root.key"));
    write_text(inputs() / "garbage.csr", "this is not a CSR\n");
    write_text(inputs() / "garbage.crt", std::string("\x30\x03\x02\x01\x00", 5));
    std::string csr = read_text(dir() / "hosts" / "web.csr");
    std::size_t end = csr.find("-----END");
    ASSERT_NE(end, std::string::npos);
    // Flip a character inside the signature (the last base64 line), keeping the encoding valid.
    std::size_t flip = csr.rfind('\n', end - 2) + 5;
    csr[flip] = csr[flip] == 'A' ? 'B' : 'A';
    write_text(inputs() / "tampered.csr", csr);
  }

  CertsEngine engine() {
    return CertsEngine({dir(), [this] { return now_; }});
  }
  std::filesystem::path dir() const { return scratch_.path() / "certs"; }
  std::filesystem::path inputs() const { return scratch_.path(); }

  ScratchDirectory scratch_;
  std::int64_t now_ = 1'750'000'000;
};

TEST_F(CertsBadInputTest, FailsClearlyAndWritesNothing) {
  const auto ec = KeyAlgorithm::kEcdsaP256;
  std::vector<BadInput> cases = {
      {"unknown CA",
       [&](CertsEngine& e) {
         return status_of(e.create_server({"x", "nope", {}, 30, ec, false}));
       },
       "unknown CA \"nope\""},
      {"host with a slash",
       [&](CertsEngine& e) {
         return status_of(e.create_server({"a/b", "root", {}, 30, ec, false}));
       },
       "\"a/b\""},
      {"bad subjectAltName",
       [&](CertsEngine& e) {
         return status_of(e.create_server({"x", "root", {"IP:999.1.1.1"}, 30, ec, false}));
       },
       "IP:999.1.1.1"},
      {"zero days",
       [&](CertsEngine& e) {
         return status_of(e.create_server({"x", "root", {}, 0, ec, false}));
       },
       "--days 0"},
      {"user without host",
       [&](CertsEngine& e) {
         return status_of(e.create_client({"alice", "root", 30, ec, false}));
       },
       "\"alice\""},
      {"corrupted CA key",
       [&](CertsEngine& e) {
         return status_of(e.create_server({"x", "broken", {}, 30, ec, false}));
       },
       "cas/broken.key"},
      {"CA key of another CA",
       [&](CertsEngine& e) {
         return status_of(e.create_client({"a@x", "mismatch", 30, ec, false}));
       },
       "cas/mismatch.key does not belong to cas/mismatch.crt"},
      {"expired CA",
       [&](CertsEngine& e) {
         return status_of(e.create_server({"x", "old", {}, 30, ec, false}));
       },
       "CA \"old\" expired"},
      {"pathlen 0 CA signing a CA",
       [&](CertsEngine& e) {
         return status_of(e.create_ca({"sub", "root", std::nullopt, 30, ec, false}));
       },
       "pathlen 0"},
      {"CA signing itself",
       [&](CertsEngine& e) {
         return status_of(e.create_ca({"self", "self", std::nullopt, 30, ec, false}));
       },
       "\"self\""},
      {"existing certificate",
       [&](CertsEngine& e) {
         return status_of(e.create_server({"db", "root", {}, 30, ec, false}));
       },
       "hosts/db."},
      {"malformed CSR",
       [&](CertsEngine& e) {
         return status_of(e.sign_csr({inputs() / "garbage.csr", "root", {}, "", {}, 30, false}));
       },
       "garbage.csr"},
      {"tampered CSR",
       [&](CertsEngine& e) {
         return status_of(e.sign_csr({inputs() / "tampered.csr", "root", {}, "", {}, 30, false}));
       },
       "tampered.csr"},
      {"missing CSR",
       [&](CertsEngine& e) {
         return status_of(e.sign_csr({inputs() / "none.csr", "root", {}, "", {}, 30, false}));
       },
       "none.csr does not exist"},
      {"CSR signed by an unknown CA",
       [&](CertsEngine& e) {
         return status_of(e.sign_csr({dir() / "hosts" / "web.csr", "nope", {}, "", {}, 30, false}));
       },
       "unknown CA \"nope\""},
      {"garbage import",
       [&](CertsEngine& e) {
         return status_of(e.import({inputs() / "garbage.crt", {}, {}, "", {}, false}));
       },
       "garbage.crt"},
      {"key that does not match",
       [&](CertsEngine& e) {
         return status_of(
             e.import({dir() / "hosts" / "db.crt", dir() / "cas" / "root.key", {}, "db2", {}, false}));
       },
       "does not match"},
      {"PKCS#12 of a CA",
       [&](CertsEngine& e) {
         return status_of(e.export_pkcs12({"root", {}, core::Secret("passphrase"), {}, false}));
       },
       "never leaves cas/"},
      {"PKCS#12 without passphrase",
       [&](CertsEngine& e) {
         return status_of(e.export_pkcs12({"db", {}, core::Secret(), {}, false}));
       },
       "passphrase"},
      {"revoke unknown",
       [&](CertsEngine& e) {
         return status_of(e.revoke({"ghost", {}, 30}));
       },
       "\"ghost\""},
      {"revoke a root",
       [&](CertsEngine& e) {
         return status_of(e.revoke({"root", {}, 30}));
       },
       "self-signed"},
      {"renew with a corrupted key",
       [&](CertsEngine& e) {
         return status_of(e.renew({"broken", {}, {}, false, {}}));
       },
       "cas/broken.key"},
      {"renew with a key type but the same key",
       [&](CertsEngine& e) {
         return status_of(e.renew({"db", {}, {}, false, KeyAlgorithm::kRsa2048}));
       },
       "--new-key"},
  };
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.label);
    auto before = tree_state(scratch_.path());
    CertsEngine subject = engine();
    auto status = bad.run(subject);
    ASSERT_FALSE(status.ok());
    EXPECT_THAT(status.error().message, HasSubstr(bad.expected));
    EXPECT_EQ(tree_state(scratch_.path()), before);
  }
}

TEST_F(CertsBadInputTest, NothingIsCreatedInAFreshDirectoryOnFailure) {
  ScratchDirectory fresh;
  CertsEngine empty({fresh.path() / "certs", {}});
  EXPECT_FALSE(empty.create_server({"db", "root", {}, 30, KeyAlgorithm::kEcdsaP256, false}).ok());
  EXPECT_FALSE(empty.create_ca({"bad name", "", std::nullopt, 30, KeyAlgorithm::kEcdsaP256, false}).ok());
  EXPECT_FALSE(std::filesystem::exists(fresh.path() / "certs"));
}

}  // namespace
}  // namespace opsdeck::certs
