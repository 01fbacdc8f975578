// Key type names, both ways.
#include "backend/certs/key_algorithm.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace opsdeck::certs {
namespace {

TEST(KeyAlgorithmTest, ParsesTheUsualSpellings) {
  EXPECT_EQ(*parse_key_algorithm("ec"), KeyAlgorithm::kEcdsaP256);
  EXPECT_EQ(*parse_key_algorithm("EC-P256"), KeyAlgorithm::kEcdsaP256);
  EXPECT_EQ(*parse_key_algorithm("prime256v1"), KeyAlgorithm::kEcdsaP256);
  EXPECT_EQ(*parse_key_algorithm("rsa"), KeyAlgorithm::kRsa2048);
  EXPECT_EQ(*parse_key_algorithm("rsa:3072"), KeyAlgorithm::kRsa3072);
  EXPECT_EQ(*parse_key_algorithm("RSA-4096"), KeyAlgorithm::kRsa4096);
  EXPECT_EQ(*parse_key_algorithm("ed25519"), KeyAlgorithm::kEd25519);
}

TEST(KeyAlgorithmTest, RoundTripsEveryAlgorithm) {
  for (auto algorithm : all_key_algorithms()) {
    auto parsed = parse_key_algorithm(to_string(algorithm));
    ASSERT_TRUE(parsed.ok()) << to_string(algorithm);
    EXPECT_EQ(*parsed, algorithm);
    EXPECT_FALSE(describe(algorithm).empty());
  }
}

TEST(KeyAlgorithmTest, RefusesUnknownTypesByName) {
  auto parsed = parse_key_algorithm("rsa1024");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.error().message, ::testing::HasSubstr("\"rsa1024\""));
  EXPECT_THAT(parsed.error().message, ::testing::HasSubstr("ed25519"));
  EXPECT_FALSE(parse_key_algorithm("").ok());
  EXPECT_FALSE(parse_key_algorithm("dsa").ok());
}

}  // namespace
}  // namespace opsdeck::certs
