// CertsEngine::revoke: the serial goes into the issuing CA's CRL, which is re-signed and replaced whole.
#include "backend/certs/atomic_file_set.hpp"
#include "backend/certs/cert_listing.hpp"
#include "backend/certs/certs_engine.hpp"
#include "backend/certs/pem_codec.hpp"
#include "backend/certs/revocation_list.hpp"
#include "backend/certs/x509_fields.hpp"
#include "backend/core/time_format.hpp"

namespace opsdeck::certs {

using core::ErrorCategory;

core::Result<CertsOutcome> CertsEngine::revoke(const RevokeRequest& request) {
  if (request.crl_days < 1 || request.crl_days > kMaxDays) {
    return core::fail(ErrorCategory::kInvalidInput, "--crl-days " + std::to_string(request.crl_days) +
                                                        ": expected 1 to " + std::to_string(kMaxDays));
  }
  CertDirectory directory{CertLayout(settings_.directory)};
  auto found = directory.find_certificate(request.name, request.kind);
  if (!found) {
    return core::Unexpected{found.error()};
  }
  X509* certificate = found->certificate.get();
  if (X509_self_signed(certificate, 0) == 1) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "\"" + request.name +
                          "\" is a self-signed root: nobody above it can revoke it; stop "
                          "trusting it (remove " +
                          directory.display(directory.layout().certificate_path(found->kind, found->name)) +
                          " where it is installed)");
  }
  auto issuer = directory.find_issuer(certificate, true);
  if (!issuer) {
    return core::fail(issuer.error().category,
                      "cannot revoke \"" + request.name + "\": " + issuer.error().message);
  }

  auto crl_path = directory.layout().crl_path(issuer->name);
  std::vector<RevokedEntry> entries;
  std::int64_t number = 0;
  if (std::filesystem::exists(crl_path)) {
    auto text = read_small_file(crl_path, directory.display(crl_path), 64 << 20);
    if (!text) {
      return core::Unexpected{text.error()};
    }
    auto crl = crl_from_pem(*text, directory.display(crl_path));
    if (!crl) {
      return core::Unexpected{crl.error()};
    }
    entries = revoked_entries(crl->get());
    number = crl_number_of(crl->get());
  }
  std::string serial = serial_hex(X509_get_serialNumber(certificate));
  for (const auto& entry : entries) {
    if (entry.serial_hex == serial) {
      return core::fail(ErrorCategory::kConflict, "\"" + request.name + "\" (serial " + serial +
                                                      ") was already revoked on " +
                                                      core::format_utc_date(entry.revoked_at));
    }
  }
  std::int64_t revoked_at = now();
  entries.push_back({serial, revoked_at});

  CrlSpec spec;
  spec.entries = entries;
  spec.this_update = revoked_at;
  spec.days = request.crl_days;
  spec.number = number + 1;
  auto crl = build_crl(issuer->certificate.get(), issuer->key.get(), spec);
  if (!crl) {
    return core::Unexpected{crl.error()};
  }
  AtomicFileSet files(directory.layout().root());
  files.add(crl_path, to_pem(crl->get()), kPublicFileMode, true);
  OPSDECK_TRY(directory.layout().ensure_directories());
  OPSDECK_TRY(files.commit());

  CertsOutcome outcome;
  CertificateInfo info =
      describe_entry(directory, found->kind, found->name, certificate, RevocationIndex(), false);
  info.revoked = true;
  info.revoked_at = revoked_at;
  outcome.certificate = std::move(info);
  outcome.written.push_back({crl_path, "crl"});
  outcome.notes.push_back("CRL of CA \"" + issuer->name + "\" now lists " + std::to_string(entries.size()) +
                          " revoked certificate(s); publish " + directory.display(crl_path) +
                          " to the servers that check it");
  return outcome;
}

}  // namespace opsdeck::certs
