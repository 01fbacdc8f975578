// A small PKI made by CertsEngine for the openssl-checked tests: root CA (ECDSA), an intermediate under it
// (RSA 2048), a server "localhost" (+IP:127.0.0.1) and a client "alice@localhost" signed by the root, and a
// server "chain.test" (+IP:127.0.0.1) signed by the intermediate.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backend/certs/certs_engine.hpp"
#include "tests/integration/certs/openssl_tools.hpp"
#include "tests/unit/certs/scratch_directory.hpp"

namespace opsdeck::certs::testing {

class CertsPkiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(must(engine_.create_ca({"root", "", std::nullopt, 3650, KeyAlgorithm::kEcdsaP256, false})));
    ASSERT_TRUE(
        must(engine_.create_ca({"inter", "root", std::nullopt, 1825, KeyAlgorithm::kRsa2048, false})));
    ASSERT_TRUE(must(
        engine_.create_server({"localhost", "root", {"IP:127.0.0.1"}, 90, KeyAlgorithm::kEcdsaP256, false})));
    ASSERT_TRUE(
        must(engine_.create_client({"alice@localhost", "root", 90, KeyAlgorithm::kEcdsaP256, false})));
    ASSERT_TRUE(must(engine_.create_server(
        {"chain.test", "inter", {"IP:127.0.0.1"}, 90, KeyAlgorithm::kEcdsaP256, false})));
  }

  static bool must(const core::Result<CertsOutcome>& outcome) {
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().describe());
    return outcome.ok();
  }

  std::filesystem::path dir() const { return scratch_.path() / "certs"; }
  std::string ca(const std::string& name) const { return (dir() / "cas" / (name + ".crt")).string(); }
  std::string host(const std::string& name, const std::string& extension = ".crt") const {
    return (dir() / "hosts" / (name + extension)).string();
  }
  std::string user(const std::string& name, const std::string& extension = ".crt") const {
    return (dir() / "users" / (name + extension)).string();
  }
  std::string crl(const std::string& ca_name) const { return (dir() / "crls" / (ca_name + ".crl")).string(); }
  std::string scratch(const std::string& name) const { return (scratch_.path() / name).string(); }

  ScratchDirectory scratch_;
  CertsEngine engine_{CertsSettings{scratch_.path() / "certs", {}}};
};

}  // namespace opsdeck::certs::testing
