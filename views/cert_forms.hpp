// The Certificates view's forms: "new certificate" (a CA, a server or a client certificate) and "export
// PKCS#12" (passphrase twice, masked). Each field is checked with the engine's own rules (names, SANs, key
// types) as it is typed; a submitted form becomes the tui::Command the console runs (see
// backend/certs/certs_console_commands.hpp for the argument order).
#pragma once

#include <memory>
#include <string>

#include "tui/view.hpp"
#include "tui/widgets/form.hpp"

namespace opsdeck::views {

// Fields: type, name, sign as, subject alt names, days, key type. Heap-allocated: the validators look at
// other fields through the form's (stable) address.
std::unique_ptr<tui::Form> make_create_certificate_form(const std::string& default_ca);
tui::Command create_certificate_command(const tui::Form& form);

// Fields: passphrase, again, output file (empty = next to the certificate).
std::unique_ptr<tui::Form> make_export_form(const std::string& name);
tui::Command export_command(const tui::Form& form, const std::string& kind, const std::string& name);

}  // namespace opsdeck::views
