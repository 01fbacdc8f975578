// The easycert layout: paths per kind, 0700 directories whatever the umask, and the cert info arithmetic.
#include "backend/certs/cert_layout.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "backend/certs/cert_info.hpp"
#include "tests/unit/certs/scratch_directory.hpp"

namespace opsdeck::certs {
namespace {

using testing::mode_of;
using testing::ScratchDirectory;

TEST(CertLayoutTest, PathsFollowEasycert) {
  CertLayout layout("/home/visi/.syn/certs");
  EXPECT_EQ(layout.certificate_path(CertKind::kCa, "vertex").string(),
            "/home/visi/.syn/certs/cas/vertex.crt");
  EXPECT_EQ(layout.key_path(CertKind::kCa, "vertex").string(), "/home/visi/.syn/certs/cas/vertex.key");
  EXPECT_EQ(layout.certificate_path(CertKind::kHost, "cortex.vertex.link").string(),
            "/home/visi/.syn/certs/hosts/cortex.vertex.link.crt");
  EXPECT_EQ(layout.csr_path(CertKind::kHost, "cortex.vertex.link").string(),
            "/home/visi/.syn/certs/hosts/cortex.vertex.link.csr");
  EXPECT_EQ(layout.key_path(CertKind::kUser, "user@cortex.vertex.link").string(),
            "/home/visi/.syn/certs/users/user@cortex.vertex.link.key");
  EXPECT_EQ(layout.pkcs12_path(CertKind::kUser, "u@h").string(), "/home/visi/.syn/certs/users/u@h.p12");
  EXPECT_EQ(layout.crl_path("vertex").string(), "/home/visi/.syn/certs/crls/vertex.crl");
  EXPECT_EQ(layout.relative(layout.crl_path("vertex")), "crls/vertex.crl");
  EXPECT_EQ(layout.relative("/elsewhere/x.csr"), "/elsewhere/x.csr");
}

TEST(CertLayoutTest, CreatesPrivateDirectoriesWhateverTheUmask) {
  ScratchDirectory scratch;
  mode_t old_mask = ::umask(0);
  CertLayout layout(scratch.path() / "state" / "certs");
  auto created = layout.ensure_directories();
  ::umask(old_mask);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(mode_of(layout.root()), 0700u);
  for (const char* folder : {"cas", "hosts", "users", "crls"}) {
    EXPECT_EQ(mode_of(layout.root() / folder), 0700u) << folder;
  }
  EXPECT_TRUE(layout.ensure_directories().ok());  // again: nothing to do
}

TEST(CertLayoutTest, AFileInTheWayIsAnError) {
  ScratchDirectory scratch;
  testing::write_text(scratch.path() / "certs", "not a directory");
  auto created = CertLayout(scratch.path() / "certs").ensure_directories();
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.error().message.find("not a directory"), std::string::npos);
}

TEST(CertInfoTest, DaysLeftCountPartialDaysAndStatusFollowsTheClock) {
  CertificateInfo info;
  info.not_before = 1000;
  info.not_after = 1000 + 10 * 86400;
  EXPECT_EQ(info.days_left(1000), 10);
  EXPECT_EQ(info.days_left(1000 + 86400 + 1), 9);
  EXPECT_EQ(info.days_left(info.not_after - 1), 1);
  EXPECT_EQ(info.days_left(info.not_after), 0);
  EXPECT_EQ(info.days_left(info.not_after + 1), -1);
  EXPECT_EQ(info.days_left(info.not_after + 86400), -1);
  EXPECT_EQ(info.days_left(info.not_after + 86401), -2);
  EXPECT_EQ(info.status(999), CertStatus::kNotYetValid);
  EXPECT_EQ(info.status(5000), CertStatus::kValid);
  EXPECT_EQ(info.status(info.not_after), CertStatus::kExpired);
  info.revoked = true;
  EXPECT_EQ(info.status(5000), CertStatus::kRevoked);
  EXPECT_EQ(to_string(CertStatus::kNotYetValid), "not yet valid");
}

}  // namespace
}  // namespace opsdeck::certs
