// Certificates view from a fixed CertsSnapshot: rows coloured by urgency, filter, details, and the
// commands it sends for create, renew, revoke and export.
#include "views/certificates_view.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "backend/certs/certs_console_commands.hpp"
#include "views/cert_urgency.hpp"

namespace opsdeck::views {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Kind = tui::HandleResult::Kind;

constexpr std::int64_t kNow = 1'750'000'000;
constexpr std::int64_t kDay = 86400;

certs::CertificateInfo cert(certs::CertKind kind, std::string name, std::int64_t days_left,
                            std::string issuer) {
  certs::CertificateInfo info;
  info.kind = kind;
  info.name = name;
  info.subject = "CN=" + name;
  info.issuer = "CN=" + issuer;
  info.serial = "5A0C";
  info.not_before = kNow - 100 * kDay;
  info.not_after = kNow + days_left * kDay + (days_left > 0 ? -3600 : 3600);  // partial days count
  info.has_key = true;
  info.is_ca = kind == certs::CertKind::kCa;
  info.certificate_path = "/state/certs/" + name + ".crt";
  info.decoded_text = "Certificate:\n    Data:\n        Subject: CN = " + name + "\n";
  return info;
}

std::shared_ptr<const certs::CertsSnapshot> listing() {
  certs::CertsSnapshot snapshot;
  snapshot.loaded = true;
  snapshot.taken_at = kNow;
  snapshot.directory = "/state/certs";
  snapshot.certificates = {cert(certs::CertKind::kCa, "root", 3000, "root"),
                           cert(certs::CertKind::kHost, "db.example.com", 10, "root"),
                           cert(certs::CertKind::kHost, "web.example.com", 20, "root"),
                           cert(certs::CertKind::kUser, "alice@db", -3, "root")};
  snapshot.pending = {{certs::CertKind::kHost, "new.example.com", "/state/certs/hosts/new.example.com.csr"}};
  return std::make_shared<const certs::CertsSnapshot>(snapshot);
}

class CertificatesViewTest : public ::testing::Test {
 protected:
  CertificatesViewTest() : view_([this](const tui::Snapshot&) { return listing_; }) {}

  std::string render(int width = 120, int height = 30) {
    tui::Canvas canvas(width, height);
    view_.render(snapshot_, canvas);
    roles_ = canvas.roles_to_text();
    return canvas.to_text();
  }
  tui::HandleResult press(tui::Key key) { return view_.on_key(key, snapshot_); }
  tui::HandleResult type(const std::string& text) {
    tui::HandleResult last;
    for (char c : text) {
      last = press(tui::Key::character(static_cast<char32_t>(c)));
    }
    return last;
  }
  tui::HandleResult enter() { return press(tui::Key::of(tui::Key::Code::kEnter)); }
  // The role letters of the first canvas line that contains `needle`.
  std::string roles_of_line(const std::string& text, const std::string& needle) {
    std::istringstream lines(text);
    std::istringstream roles(roles_);
    std::string line;
    std::string role_line;
    while (std::getline(lines, line) && std::getline(roles, role_line)) {
      if (line.find(needle) != std::string::npos) {
        return role_line.substr(1, 7);  // the name cell after the border
      }
    }
    return "";
  }

  std::shared_ptr<const certs::CertsSnapshot> listing_ = listing();
  tui::Snapshot snapshot_;
  std::string roles_;
  CertificatesView view_;
};

TEST_F(CertificatesViewTest, ListsCertificatesColouredByUrgency) {
  std::string text = render();
  EXPECT_THAT(text, HasSubstr("Certificates 5 of 5"));
  EXPECT_THAT(text, HasSubstr("CN=db.example.com"));
  EXPECT_THAT(text, HasSubstr("CSR pending"));
  EXPECT_THAT(text, HasSubstr("expired"));
  EXPECT_THAT(text, HasSubstr("Details: root"));  // the first row is selected
  EXPECT_THAT(text, HasSubstr("Subject: CN = root"));
  EXPECT_EQ(roles_of_line(text, "db.example.com  "), std::string(7, 'w'));
  EXPECT_EQ(roles_of_line(text, "web.example.com"), std::string(7, 'a'));
  EXPECT_EQ(roles_of_line(text, "alice@db"), std::string(7, 'c'));
  EXPECT_EQ(roles_of_line(text, "new.example.com"), std::string(7, 'm'));
}

TEST_F(CertificatesViewTest, UrgencyFollowsDaysLeft) {
  EXPECT_EQ(certificate_urgency(cert(certs::CertKind::kHost, "a", 100, "r"), kNow), std::nullopt);
  EXPECT_EQ(certificate_urgency(cert(certs::CertKind::kHost, "a", 29, "r"), kNow), tui::Role::kAccent);
  EXPECT_EQ(certificate_urgency(cert(certs::CertKind::kHost, "a", 13, "r"), kNow), tui::Role::kWarn);
  EXPECT_EQ(certificate_urgency(cert(certs::CertKind::kHost, "a", -1, "r"), kNow), tui::Role::kCrit);
  auto revoked = cert(certs::CertKind::kHost, "a", 100, "r");
  revoked.revoked = true;
  EXPECT_EQ(certificate_urgency(revoked, kNow), tui::Role::kCrit);
}

TEST_F(CertificatesViewTest, FilterNarrowsTheTable) {
  render();
  press(tui::Key::character(U'/'));
  EXPECT_TRUE(view_.capturing_input());
  type("alice");
  enter();
  EXPECT_FALSE(view_.capturing_input());
  std::string text = render();
  EXPECT_THAT(text, HasSubstr("1 of 5"));
  EXPECT_THAT(text, HasSubstr("Details: alice@db"));
  EXPECT_THAT(text, Not(HasSubstr("web.example.com")));
}

TEST_F(CertificatesViewTest, NewCertificateFormSendsCreate) {
  render();
  EXPECT_EQ(press(tui::Key::character(U'n')).kind, Kind::kRedraw);
  EXPECT_TRUE(view_.capturing_input());
  EXPECT_THAT(render(), HasSubstr("New certificate"));
  type("api.example.com");
  press(tui::Key::of(tui::Key::Code::kTab));  // sign as: prefilled with the CA that has a key
  press(tui::Key::of(tui::Key::Code::kTab));
  type("IP:10.0.0.9");
  auto result = enter();
  ASSERT_EQ(result.kind, Kind::kRunCommand);
  EXPECT_EQ(result.command.name, certs::kCreateCommand);
  EXPECT_THAT(result.command.args,
              ElementsAre("server", "api.example.com", "root", "", "ec-p256", "IP:10.0.0.9"));
  EXPECT_FALSE(view_.capturing_input());
}

TEST_F(CertificatesViewTest, InvalidNamesKeepTheFormOpen) {
  render();
  press(tui::Key::character(U'n'));
  type("bad/name");
  EXPECT_EQ(enter().kind, Kind::kRedraw);
  EXPECT_TRUE(view_.capturing_input());
  EXPECT_THAT(render(), HasSubstr("host name \"bad/name\""));
  EXPECT_EQ(press(tui::Key::of(tui::Key::Code::kEscape)).kind, Kind::kRedraw);
  EXPECT_FALSE(view_.capturing_input());
}

TEST_F(CertificatesViewTest, RevokeNeedsTheNameTyped) {
  render();
  press(tui::Key::of(tui::Key::Code::kDown));  // db.example.com
  press(tui::Key::character(U'x'));
  EXPECT_TRUE(view_.capturing_input());
  EXPECT_THAT(render(), HasSubstr("cannot be undone"));
  EXPECT_EQ(enter().kind, Kind::kRedraw);  // nothing typed yet
  type("db.example.com");
  auto result = enter();
  ASSERT_EQ(result.kind, Kind::kRunCommand);
  EXPECT_EQ(result.command.name, certs::kRevokeCommand);
  EXPECT_THAT(result.command.args, ElementsAre("host", "db.example.com"));
}

TEST_F(CertificatesViewTest, RenewAsksThenSends) {
  render();
  press(tui::Key::character(U'r'));
  auto result = press(tui::Key::character(U'y'));
  ASSERT_EQ(result.kind, Kind::kRunCommand);
  EXPECT_EQ(result.command.name, certs::kRenewCommand);
  EXPECT_THAT(result.command.args, ElementsAre("ca", "root"));
}

TEST_F(CertificatesViewTest, ExportAsksForThePassphraseTwice) {
  render();
  press(tui::Key::of(tui::Key::Code::kEnd));  // the pending CSR is last; alice is just above it
  press(tui::Key::of(tui::Key::Code::kUp));
  press(tui::Key::character(U'e'));
  std::string form = render();
  EXPECT_THAT(form, HasSubstr("Export alice@db as PKCS#12"));
  type("s3cret-pass");
  press(tui::Key::of(tui::Key::Code::kTab));
  type("s3cret-pasz");
  EXPECT_EQ(enter().kind, Kind::kRedraw);           // the two differ
  EXPECT_THAT(render(), Not(HasSubstr("s3cret")));  // masked
  press(tui::Key::of(tui::Key::Code::kBackspace));
  type("s");
  auto result = enter();
  ASSERT_EQ(result.kind, Kind::kRunCommand);
  EXPECT_EQ(result.command.name, certs::kExportCommand);
  EXPECT_THAT(result.command.args, ElementsAre("user", "alice@db", "s3cret-pass", ""));
}

TEST_F(CertificatesViewTest, LoadingAndErrorsShowInThePanel) {
  listing_ = std::make_shared<const certs::CertsSnapshot>();
  EXPECT_THAT(render(), HasSubstr("reading the certificate directory"));
  certs::CertsSnapshot failed;
  failed.loaded = true;
  failed.error = "/state/certs is not a directory";
  listing_ = std::make_shared<const certs::CertsSnapshot>(failed);
  std::string text = render();
  EXPECT_THAT(text, HasSubstr("/state/certs is not a directory"));
  EXPECT_EQ(press(tui::Key::character(U'R')).command.name, certs::kRefreshCommand);
}

}  // namespace
}  // namespace opsdeck::views
