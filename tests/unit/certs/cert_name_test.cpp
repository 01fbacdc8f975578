// Name rules: what may become a file name and a common name in the certificate directory.
#include "backend/certs/cert_name.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace opsdeck::certs {
namespace {

using ::testing::HasSubstr;

TEST(CertNameTest, AcceptsOrdinaryNames) {
  EXPECT_TRUE(validate_ca_name("vertex").ok());
  EXPECT_TRUE(validate_ca_name("ops-root_2024.1").ok());
  EXPECT_TRUE(validate_host_name("cortex.vertex.link").ok());
  EXPECT_TRUE(validate_host_name("localhost").ok());
  EXPECT_TRUE(validate_host_name("10.0.0.5").ok());
  EXPECT_TRUE(validate_host_name("::1").ok());
  EXPECT_TRUE(validate_host_name("fe80::1").ok());
  EXPECT_TRUE(validate_user_name("user@cortex.vertex.link").ok());
  EXPECT_TRUE(validate_user_name("alice.b+ops@db-1.example.com").ok());
  EXPECT_TRUE(validate_user_name("root@127.0.0.1").ok());
}

TEST(CertNameTest, RefusesPathsAndTraversal) {
  for (const char* name : {"a/b", "../x", "..", "a..b", "/etc"}) {
    EXPECT_FALSE(validate_ca_name(name).ok()) << name;
    EXPECT_FALSE(validate_host_name(name).ok()) << name;
  }
  auto slash = validate_host_name("db/evil");
  ASSERT_FALSE(slash.ok());
  EXPECT_THAT(slash.error().message, HasSubstr("db/evil"));
  EXPECT_THAT(slash.error().message, HasSubstr("'/'"));
  EXPECT_FALSE(validate_user_name("alice@../etc").ok());
}

TEST(CertNameTest, RefusesControlCharactersAndEmptyNames) {
  EXPECT_FALSE(validate_ca_name("").ok());
  EXPECT_FALSE(validate_host_name(std::string("db\nexample")).ok());
  EXPECT_FALSE(validate_host_name(std::string("db\x7f")).ok());
  EXPECT_FALSE(validate_user_name(std::string("al\tice@host")).ok());
  auto control = validate_ca_name(std::string("a\x01") + "b");
  ASSERT_FALSE(control.ok());
  EXPECT_EQ(control.error().category, core::ErrorCategory::kInvalidInput);
  EXPECT_THAT(control.error().message, HasSubstr("control character"));
}

TEST(CertNameTest, HostNamesFollowDnsRules) {
  EXPECT_FALSE(validate_host_name("-db.example.com").ok());
  EXPECT_FALSE(validate_host_name("db-.example.com").ok());
  EXPECT_FALSE(validate_host_name("db..example.com").ok());
  EXPECT_FALSE(validate_host_name("db.example.com.").ok());
  EXPECT_FALSE(validate_host_name("*.example.com").ok());  // wildcards only as --san
  EXPECT_FALSE(validate_host_name("db example").ok());
  EXPECT_FALSE(validate_host_name("alice@db").ok());
  EXPECT_FALSE(validate_host_name(std::string(65, 'a')).ok());
  auto message = validate_host_name("db_1").error().message;
  EXPECT_THAT(message, HasSubstr("\"db_1\""));
  EXPECT_THAT(message, HasSubstr("expected a DNS name"));
}

TEST(CertNameTest, UserNamesNeedExactlyOneAt) {
  EXPECT_FALSE(validate_user_name("alice").ok());
  EXPECT_FALSE(validate_user_name("alice@").ok());
  EXPECT_FALSE(validate_user_name("@host").ok());
  EXPECT_FALSE(validate_user_name("a@b@c").ok());
  EXPECT_FALSE(validate_user_name(".alice@host").ok());
  EXPECT_FALSE(validate_user_name("al ice@host").ok());
  EXPECT_THAT(validate_user_name("alice").error().message, HasSubstr("USER@HOST"));
}

TEST(CertNameTest, CaNamesAreSimple) {
  EXPECT_FALSE(validate_ca_name(".hidden").ok());
  EXPECT_FALSE(validate_ca_name("-flag").ok());
  EXPECT_FALSE(validate_ca_name("a b").ok());
  EXPECT_FALSE(validate_ca_name("a@b").ok());
  EXPECT_TRUE(validate_ca_name(std::string(64, 'c')).ok());
  EXPECT_FALSE(validate_ca_name(std::string(65, 'c')).ok());
}

TEST(CertNameTest, KindsAndTheirFolders) {
  EXPECT_EQ(directory_name(CertKind::kCa), "cas");
  EXPECT_EQ(directory_name(CertKind::kHost), "hosts");
  EXPECT_EQ(directory_name(CertKind::kUser), "users");
  EXPECT_EQ(parse_cert_kind("CA"), CertKind::kCa);
  EXPECT_EQ(parse_cert_kind("server"), CertKind::kHost);
  EXPECT_EQ(parse_cert_kind("client"), CertKind::kUser);
  EXPECT_EQ(parse_cert_kind("nope"), std::nullopt);
  EXPECT_EQ(kind_for_leaf_name("a@b"), CertKind::kUser);
  EXPECT_EQ(kind_for_leaf_name("db"), CertKind::kHost);
  EXPECT_TRUE(validate_name(CertKind::kUser, "a@b").ok());
  EXPECT_FALSE(validate_name(CertKind::kHost, "a@b").ok());
}

}  // namespace
}  // namespace opsdeck::certs
