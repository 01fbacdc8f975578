// CertsEngine::renew: a fresh certificate for the same subject, names and profile, signed by the same CA,
// with the same key or a new one. The old certificate is replaced (and its key, with a new key).
#include "backend/certs/cert_inspection.hpp"
#include "backend/certs/certificate_issuer.hpp"
#include "backend/certs/certs_engine.hpp"
#include "backend/certs/key_generation.hpp"
#include "backend/certs/pem_codec.hpp"
#include "backend/certs/revocation_list.hpp"
#include "backend/certs/x509_fields.hpp"

namespace opsdeck::certs {

using core::ErrorCategory;

namespace {

CertProfile profile_for(CertKind kind) {
  switch (kind) {
    case CertKind::kCa:
      return CertProfile::kCa;
    case CertKind::kHost:
      return CertProfile::kServer;
    case CertKind::kUser:
      return CertProfile::kClient;
  }
  return CertProfile::kServer;
}

}  // namespace

core::Result<CertsOutcome> CertsEngine::renew(const RenewRequest& request) {
  CertDirectory directory{CertLayout(settings_.directory)};
  auto found = directory.find_certificate(request.name, request.kind);
  if (!found) {
    return core::Unexpected{found.error()};
  }
  X509* old = found->certificate.get();
  const bool self_signed = X509_self_signed(old, 0) == 1;

  std::string sign_as;
  if (!self_signed) {
    auto issuer = directory.find_issuer(old, false);
    if (!issuer) {
      return core::fail(issuer.error().category,
                        "cannot renew \"" + request.name + "\": " + issuer.error().message);
    }
    sign_as = issuer->name;
  }

  IssuePlan plan;
  plan.kind = found->kind;
  plan.name = found->name;
  plan.sign_as = sign_as;
  plan.replace_certificate = true;
  plan.spec.profile = profile_for(found->kind);
  plan.spec.common_name = common_name_of(X509_get_subject_name(old));
  if (plan.spec.common_name.empty()) {
    plan.spec.common_name = found->name;
  }
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(old, NID_subject_alt_name, nullptr, nullptr)));
  if (names) {
    plan.spec.subject_alt_names = to_subject_alt_names(names.get());
  }
  if (found->kind == CertKind::kCa) {
    long path_length = X509_get_pathlen(old);
    if (path_length >= 0) {
      plan.spec.path_length = static_cast<int>(path_length);
    }
    plan.write_crl = false;  // the CRL stays valid with the same key; see below for a new key
  }
  std::int64_t old_days =
      (to_unix_seconds(X509_get0_notAfter(old)) - to_unix_seconds(X509_get0_notBefore(old)) + 86400 / 2) /
      86400;
  plan.spec.days = request.days.value_or(static_cast<int>(std::max<std::int64_t>(1, old_days)));
  plan.spec.not_before = now();

  PkeyPtr existing;
  if (request.new_key) {
    std::optional<KeyAlgorithm> algorithm = request.key_algorithm;
    if (!algorithm) {
      algorithm = key_algorithm_of(X509_get0_pubkey(old));
    }
    if (!algorithm) {
      return core::fail(ErrorCategory::kInvalidInput,
                        "the key of \"" + request.name + "\" is " + describe_key(X509_get0_pubkey(old)) +
                            ", which opsdeck does not generate; choose one with --key-type");
    }
    plan.new_key_algorithm = algorithm;
    plan.replace_key = true;
    // A CA with a new key must re-sign its CRL with that key, or verifiers reject the CRL.
    plan.write_crl = found->kind == CertKind::kCa;
    auto crl_path = directory.layout().crl_path(found->name);
    if (plan.write_crl && std::filesystem::exists(crl_path)) {
      auto text = read_small_file(crl_path, directory.display(crl_path), 64 << 20);
      auto crl = text ? crl_from_pem(*text, directory.display(crl_path))
                      : core::Result<X509CrlPtr>(core::Unexpected{text.error()});
      if (!crl) {
        return core::Unexpected{crl.error()};
      }
      plan.crl_entries = revoked_entries(crl->get());
      plan.crl_number = crl_number_of(crl->get()) + 1;
    }
  } else {
    if (request.key_algorithm) {
      return core::fail(ErrorCategory::kInvalidInput,
                        "--key-type needs --new-key: renewing keeps the key otherwise");
    }
    auto key = directory.load_key(found->kind, found->name, old);
    if (!key) {
      return core::fail(key.error().category, "cannot renew \"" + request.name + "\" with its key: " +
                                                  key.error().message + " (use --new-key for a new one)");
    }
    existing = std::move(*key);
    plan.existing_key = existing.get();
  }

  auto outcome = issue_certificate(directory, plan, now());
  if (outcome && request.new_key && found->kind == CertKind::kCa) {
    outcome->notes.push_back(
        "CA \"" + found->name +
        "\" has a new key: certificates it signed before no longer verify; renew them and "
        "redistribute " +
        directory.display(directory.layout().certificate_path(CertKind::kCa, found->name)));
  }
  return outcome;
}

}  // namespace opsdeck::certs
