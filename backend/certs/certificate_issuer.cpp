// issue_certificate: validation first, then key and certificate in memory, then one atomic write.
#include "backend/certs/certificate_issuer.hpp"

#include "backend/certs/atomic_file_set.hpp"
#include "backend/certs/cert_listing.hpp"
#include "backend/certs/key_generation.hpp"
#include "backend/certs/pem_codec.hpp"
#include "backend/certs/revocation_list.hpp"
#include "backend/certs/x509_fields.hpp"
#include "backend/core/time_format.hpp"

namespace opsdeck::certs {

using core::ErrorCategory;

core::Status validate_days(int days) {
  if (days < 1 || days > kMaxDays) {
    return core::fail(ErrorCategory::kInvalidInput, "--days " + std::to_string(days) + ": expected 1 to " +
                                                        std::to_string(kMaxDays) + " days");
  }
  return {};
}

core::Result<std::optional<int>> intermediate_path_length(X509* parent, std::string_view parent_name,
                                                          std::optional<int> requested) {
  if (requested && *requested < 0) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "--pathlen " + std::to_string(*requested) + ": expected 0 or more");
  }
  long parent_length = X509_get_pathlen(parent);
  if (parent_length < 0) {
    return requested ? requested : std::optional<int>(0);
  }
  if (parent_length == 0) {
    return core::fail(ErrorCategory::kInvalidInput, "CA \"" + std::string(parent_name) +
                                                        "\" has pathlen 0: it may sign certificates but not "
                                                        "another CA");
  }
  int limit = static_cast<int>(parent_length) - 1;
  if (requested && *requested > limit) {
    return core::fail(ErrorCategory::kInvalidInput, "--pathlen " + std::to_string(*requested) + ": CA \"" +
                                                        std::string(parent_name) + "\" has pathlen " +
                                                        std::to_string(parent_length) + ", so at most " +
                                                        std::to_string(limit) + " below it");
  }
  return requested ? requested : std::optional<int>(limit);
}

core::Result<CertsOutcome> issue_certificate(const CertDirectory& directory, const IssuePlan& plan,
                                             std::int64_t now) {
  const CertLayout& layout = directory.layout();
  OPSDECK_TRY(validate_name(plan.kind, plan.name));
  OPSDECK_TRY(validate_days(plan.spec.days));
  if (plan.sign_as.empty() && plan.spec.profile != CertProfile::kCa) {
    return core::fail(ErrorCategory::kInvalidInput, "a " + std::string(to_string(plan.kind)) +
                                                        " certificate needs a CA to sign it: --signas CA");
  }

  // Targets first: a conflict is reported before any key is generated.
  AtomicFileSet files(layout.root());
  const bool with_key = plan.new_key_algorithm.has_value();
  if (with_key) {
    files.add(layout.key_path(plan.kind, plan.name), "", kPrivateFileMode, plan.force || plan.replace_key);
  }
  const std::size_t certificate_index = files.files().size();
  files.add(layout.certificate_path(plan.kind, plan.name), "", kPublicFileMode,
            plan.force || plan.replace_certificate);
  if (plan.write_crl) {
    files.add(layout.crl_path(plan.name), "", kPublicFileMode, plan.force || plan.replace_certificate);
  }
  OPSDECK_TRY(files.check_targets());

  std::optional<LoadedAuthority> authority;
  if (!plan.sign_as.empty()) {
    auto loaded = directory.load_signing_authority(plan.sign_as, now);
    if (!loaded) {
      return core::Unexpected{loaded.error()};
    }
    authority = std::move(*loaded);
  }

  PkeyPtr generated;
  EVP_PKEY* subject_key = plan.existing_key;
  if (with_key) {
    auto key = generate_key(*plan.new_key_algorithm);
    if (!key) {
      return core::Unexpected{key.error()};
    }
    generated = std::move(*key);
    subject_key = generated.get();
  }
  if (subject_key == nullptr) {
    return core::fail(ErrorCategory::kInternal, "no key to certify for " + plan.name);
  }

  SigningAuthority signer{nullptr, subject_key};
  if (authority) {
    signer = {authority->certificate.get(), authority->key.get()};
  }
  auto certificate = build_certificate(plan.spec, subject_key, signer);
  if (!certificate) {
    return core::Unexpected{certificate.error()};
  }

  if (with_key) {
    files.set_contents(0, private_key_to_pem(generated.get()));
  }
  files.set_contents(certificate_index, to_pem(certificate->get()));
  if (plan.write_crl) {
    CrlSpec crl_spec;
    crl_spec.this_update = now;
    crl_spec.entries = plan.crl_entries;
    crl_spec.number = plan.crl_number;
    auto crl = build_crl(certificate->get(), subject_key, crl_spec);
    if (!crl) {
      return core::Unexpected{crl.error()};
    }
    files.set_contents(certificate_index + 1, to_pem(crl->get()));
  }
  for (const auto& file : files.files()) {
    if (file.contents.empty()) {
      return core::fail(ErrorCategory::kInternal,
                        with_openssl_reason("cannot encode " + files.display(file.path)));
    }
  }

  OPSDECK_TRY(layout.ensure_directories());
  OPSDECK_TRY(files.commit());

  CertsOutcome outcome;
  CertificateInfo info =
      describe_entry(directory, plan.kind, plan.name, certificate->get(), RevocationIndex(), false);
  if (authority) {
    std::int64_t ca_not_after = to_unix_seconds(X509_get0_notAfter(authority->certificate.get()));
    if (info.not_after > ca_not_after) {
      outcome.notes.push_back("the certificate outlives its CA \"" + authority->name +
                              "\" (which expires on " + core::format_utc_date(ca_not_after) +
                              "); renew the CA before then");
    }
  }
  outcome.certificate = std::move(info);
  static constexpr const char* kWhat[] = {"key", "cert", "crl"};
  for (std::size_t index = 0; index < files.files().size(); ++index) {
    std::size_t kind_index = with_key ? index : index + 1;
    outcome.written.push_back({files.files()[index].path, kWhat[kind_index]});
  }
  return outcome;
}

}  // namespace opsdeck::certs
