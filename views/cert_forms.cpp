// Form fields and their validators for creating and exporting certificates.
#include "views/cert_forms.hpp"

#include <charconv>

#include "backend/certs/cert_name.hpp"
#include "backend/certs/certs_console_commands.hpp"
#include "backend/certs/key_algorithm.hpp"
#include "backend/certs/subject_alt_name.hpp"

namespace opsdeck::views {
namespace {

enum CreateField : std::size_t { kType, kName, kSignAs, kSans, kDays, kKeyType };
enum ExportField : std::size_t { kPassphrase, kAgain, kOutput };

std::string first_error(const core::Status& status) {
  return status.ok() ? "" : status.error().message;
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : std::string(text) + " ") {
    if (c == ' ' || c == ',') {
      if (!current.empty()) {
        parts.push_back(current);
      }
      current.clear();
    } else {
      current += c;
    }
  }
  return parts;
}

// The form's type field, normalised: "ca", "server" or "client" (empty when not one of them).
std::string type_of(const tui::Form& form) {
  auto kind = certs::parse_cert_kind(form.value(kType));
  if (!kind) {
    return "";
  }
  return *kind == certs::CertKind::kCa ? "ca" : *kind == certs::CertKind::kHost ? "server" : "client";
}

}  // namespace

std::unique_ptr<tui::Form> make_create_certificate_form(const std::string& default_ca) {
  auto form = std::make_unique<tui::Form>("New certificate");
  const tui::Form* self = form.get();
  form->add_field("Type (ca/server/client)", "server", [](std::string_view value) -> std::string {
    return certs::parse_cert_kind(value) ? "" : "ca, server or client";
  });
  form->add_field("Name", "", [self](std::string_view value) -> std::string {
    std::string type = type_of(*self);
    if (type == "ca") {
      return first_error(certs::validate_ca_name(value));
    }
    if (type == "client") {
      return first_error(certs::validate_user_name(value));
    }
    return first_error(certs::validate_host_name(value));
  });
  form->add_field("Sign as (CA)", default_ca, [self](std::string_view value) -> std::string {
    if (value.empty()) {
      return type_of(*self) == "ca" ? "" : "a CA must sign it";
    }
    return first_error(certs::validate_ca_name(value));
  });
  form->add_field("Alt names (DNS:/IP:)", "", [](std::string_view value) -> std::string {
    auto parsed = certs::parse_subject_alt_names(split(value));
    return parsed.ok() ? "" : parsed.error().message;
  });
  form->add_field("Days (empty = default)", "", [](std::string_view value) -> std::string {
    if (value.empty()) {
      return "";
    }
    int days = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), days);
    bool ok =
        error == std::errc() && end == value.data() + value.size() && days >= 1 && days <= certs::kMaxDays;
    return ok ? "" : "1 to " + std::to_string(certs::kMaxDays);
  });
  form->add_field("Key type", "ec-p256", [](std::string_view value) -> std::string {
    return certs::parse_key_algorithm(value).ok() ? "" : "ec-p256, rsa2048/3072/4096 or ed25519";
  });
  form->focus(kName);
  return form;
}

tui::Command create_certificate_command(const tui::Form& form) {
  std::string sans;
  for (const auto& part : split(form.value(kSans))) {
    sans += (sans.empty() ? "" : " ") + part;
  }
  return tui::Command{
      std::string(certs::kCreateCommand),
      {type_of(form), form.value(kName), form.value(kSignAs), form.value(kDays), form.value(kKeyType), sans}};
}

std::unique_ptr<tui::Form> make_export_form(const std::string& name) {
  auto form = std::make_unique<tui::Form>("Export " + name + " as PKCS#12");
  const tui::Form* self = form.get();
  form->add_field(
      "Passphrase", "",
      [](std::string_view value) -> std::string { return value.size() >= 4 ? "" : "at least 4 characters"; },
      true);
  form->add_field(
      "Again", "",
      [self](std::string_view value) -> std::string {
        return value == self->value(kPassphrase) ? "" : "the passphrases differ";
      },
      true);
  form->add_field("Output file (empty = beside the certificate)", "");
  return form;
}

tui::Command export_command(const tui::Form& form, const std::string& kind, const std::string& name) {
  return tui::Command{std::string(certs::kExportCommand),
                      {kind, name, form.value(kPassphrase), form.value(kOutput)}};
}

}  // namespace opsdeck::views
