// Certificates: every certificate in the certificate directory (name, type, subject, issuer, expiry, days
// left coloured by urgency), a `/` filter, a detail pane with the fully decoded certificate, a form to
// create a CA, server or client certificate (`n`), and renew (`r`), revoke (`x`, type the name to confirm)
// and PKCS#12 export (`e`) sent to the console as commands. It reads a certs::CertsSnapshot only.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "backend/certs/certs_snapshot.hpp"
#include "tui/view.hpp"
#include "tui/widgets/confirm_dialog.hpp"
#include "tui/widgets/form.hpp"
#include "tui/widgets/table.hpp"

namespace opsdeck::views {

class CertificatesView : public tui::View {
 public:
  // Where the certificate listing lives in the console's snapshot (`[](auto& s) { return s.certs; }`).
  using CertsSource = std::function<std::shared_ptr<const certs::CertsSnapshot>(const tui::Snapshot&)>;

  explicit CertificatesView(CertsSource source);
  std::string_view id() const override { return "certificates"; }
  std::string_view title() const override { return "Certificates"; }
  std::vector<tui::KeyHint> keys() const override;
  std::vector<tui::Action> actions() const override;
  void render(const tui::Snapshot& snapshot, tui::Canvas& canvas) override;
  tui::HandleResult on_key(const tui::Key& key, const tui::Snapshot& snapshot) override;
  bool capturing_input() const override;

 private:
  void fill_table(const certs::CertsSnapshot& listing, std::int64_t now);
  const certs::CertificateInfo* selected(const certs::CertsSnapshot& listing) const;
  void render_details(const certs::CertsSnapshot& listing, std::int64_t now, tui::Canvas& canvas,
                      tui::Rect box, bool ascii);
  tui::HandleResult on_overlay_key(const tui::Key& key);
  tui::HandleResult start_action(char32_t action, const certs::CertsSnapshot& listing);

  CertsSource source_;
  tui::Table table_;
  std::unique_ptr<tui::Form> form_;
  enum class FormPurpose { kCreate, kExport } form_purpose_ = FormPurpose::kCreate;
  std::optional<tui::ConfirmDialog> confirm_;
  tui::Command pending_;  // run when the dialog or the export form is confirmed
  bool details_focused_ = false;
  int detail_scroll_ = 0;
  int detail_height_ = 10;
};

}  // namespace opsdeck::views
