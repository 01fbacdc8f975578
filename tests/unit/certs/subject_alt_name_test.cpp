// --san parsing: prefixes, bare values, canonical forms, and errors that name the input.
#include "backend/certs/subject_alt_name.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace opsdeck::certs {
namespace {

using ::testing::HasSubstr;
using Type = SubjectAltName::Type;

TEST(SubjectAltNameTest, ParsesPrefixedEntries) {
  EXPECT_EQ(*parse_subject_alt_name("DNS:db.example.com"), (SubjectAltName{Type::kDns, "db.example.com"}));
  EXPECT_EQ(*parse_subject_alt_name("dns:DB.Example.COM"), (SubjectAltName{Type::kDns, "db.example.com"}));
  EXPECT_EQ(*parse_subject_alt_name("DNS:*.example.com"), (SubjectAltName{Type::kDns, "*.example.com"}));
  EXPECT_EQ(*parse_subject_alt_name("IP:10.0.0.5"), (SubjectAltName{Type::kIp, "10.0.0.5"}));
  EXPECT_EQ(*parse_subject_alt_name("IP:::1"), (SubjectAltName{Type::kIp, "::1"}));
  EXPECT_EQ(*parse_subject_alt_name("ip:0:0:0:0:0:0:0:1"), (SubjectAltName{Type::kIp, "::1"}));
  EXPECT_EQ(*parse_subject_alt_name("email:alice@example.com"),
            (SubjectAltName{Type::kEmail, "alice@example.com"}));
}

TEST(SubjectAltNameTest, BareValuesAreAddressesOrDnsNames) {
  EXPECT_EQ(*parse_subject_alt_name("127.0.0.1"), (SubjectAltName{Type::kIp, "127.0.0.1"}));
  EXPECT_EQ(*parse_subject_alt_name("2001:db8::5"), (SubjectAltName{Type::kIp, "2001:db8::5"}));
  EXPECT_EQ(*parse_subject_alt_name("db.internal"), (SubjectAltName{Type::kDns, "db.internal"}));
}

TEST(SubjectAltNameTest, RefusesMalformedEntries) {
  for (const char* text : {"", "DNS:", "DNS:bad_name", "DNS:a..b", "IP:10.0.0", "IP:db", "URI:http://x",
                           "DNS:a,IP:1.2.3.4", "DNS:a b", "email:nobody", "DNS:-x.com", "DNS:*.*.x.com"}) {
    auto parsed = parse_subject_alt_name(text);
    EXPECT_FALSE(parsed.ok()) << text;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.error().category, core::ErrorCategory::kInvalidInput);
      EXPECT_THAT(parsed.error().message, HasSubstr("subjectAltName")) << text;
    }
  }
  EXPECT_THAT(parse_subject_alt_name("IP:300.1.1.1").error().message, HasSubstr("\"IP:300.1.1.1\""));
}

TEST(SubjectAltNameTest, DescribesInOpensslSpelling) {
  EXPECT_EQ((SubjectAltName{Type::kDns, "a.b"}).describe(), "DNS:a.b");
  EXPECT_EQ((SubjectAltName{Type::kIp, "::1"}).describe(), "IP:::1");
  EXPECT_EQ((SubjectAltName{Type::kEmail, "a@b.c"}).describe(), "email:a@b.c");
}

TEST(SubjectAltNameTest, HostImpliesItsOwnEntry) {
  EXPECT_EQ(subject_alt_name_for_host("DB.example.com"), (SubjectAltName{Type::kDns, "db.example.com"}));
  EXPECT_EQ(subject_alt_name_for_host("127.0.0.1"), (SubjectAltName{Type::kIp, "127.0.0.1"}));
}

TEST(SubjectAltNameTest, ParsesListsAndMergesWithoutDuplicates) {
  auto parsed = parse_subject_alt_names({"DNS:a.example", "IP:127.0.0.1", "a.example"});
  ASSERT_TRUE(parsed.ok());
  auto merged = merge_subject_alt_names({subject_alt_name_for_host("a.example")}, *parsed);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].describe(), "DNS:a.example");
  EXPECT_EQ(merged[1].describe(), "IP:127.0.0.1");
  auto bad = parse_subject_alt_names({"DNS:ok.example", "IP:nope"});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("IP:nope"));
}

}  // namespace
}  // namespace opsdeck::certs
