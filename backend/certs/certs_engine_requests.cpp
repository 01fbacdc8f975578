// CertsEngine::create_csr (our key, an outside CA signs) and sign_csr (an outside key, our CA signs).
#include "backend/certs/atomic_file_set.hpp"
#include "backend/certs/cert_request.hpp"
#include "backend/certs/certificate_issuer.hpp"
#include "backend/certs/certs_engine.hpp"
#include "backend/certs/key_generation.hpp"
#include "backend/certs/pem_codec.hpp"

namespace opsdeck::certs {

using core::ErrorCategory;

core::Result<CertsOutcome> CertsEngine::create_csr(const CsrRequest& request) {
  if (request.kind == CertKind::kCa) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "a CSR is for a server (--server HOST) or a user (--user USER@HOST)");
  }
  OPSDECK_TRY(validate_name(request.kind, request.name));
  auto extra = parse_subject_alt_names(request.subject_alt_names);
  if (!extra) {
    return core::Unexpected{extra.error()};
  }
  std::vector<SubjectAltName> names = *extra;
  if (request.kind == CertKind::kHost) {
    names = merge_subject_alt_names({subject_alt_name_for_host(request.name)}, *extra);
  }
  CertLayout layout(settings_.directory);
  AtomicFileSet files(layout.root());
  files.add(layout.key_path(request.kind, request.name), "", kPrivateFileMode, request.force);
  files.add(layout.csr_path(request.kind, request.name), "", kPublicFileMode, request.force);
  OPSDECK_TRY(files.check_targets());

  auto key = generate_key(request.key_algorithm);
  if (!key) {
    return core::Unexpected{key.error()};
  }
  auto csr = build_request(request.name, names, key->get());
  if (!csr) {
    return core::Unexpected{csr.error()};
  }
  files.set_contents(0, private_key_to_pem(key->get()));
  files.set_contents(1, to_pem(csr->get()));
  OPSDECK_TRY(layout.ensure_directories());
  OPSDECK_TRY(files.commit());

  CertsOutcome outcome;
  outcome.written = {{files.files()[0].path, "key"}, {files.files()[1].path, "csr"}};
  if (std::filesystem::exists(layout.certificate_path(request.kind, request.name))) {
    outcome.notes.push_back(
        layout.relative(layout.certificate_path(request.kind, request.name)) +
        " is for the old key; replace it with the certificate the CA returns (certs import)");
  }
  return outcome;
}

core::Result<CertsOutcome> CertsEngine::sign_csr(const SignRequest& request) {
  std::string source = request.csr_file.string();
  auto bytes = read_small_file(request.csr_file, source);
  if (!bytes) {
    return core::Unexpected{bytes.error()};
  }
  auto csr = request_from_bytes(*bytes, source);
  if (!csr) {
    return core::Unexpected{csr.error()};
  }
  auto contents = read_request(csr->get(), source);
  if (!contents) {
    return core::Unexpected{contents.error()};
  }
  CertKind kind = request.kind.value_or(kind_for_leaf_name(contents->common_name));
  if (kind == CertKind::kCa) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "certs sign issues server and client certificates; create CAs with certs ca --signas");
  }
  std::string name = request.name.empty() ? contents->common_name : request.name;
  if (auto valid = validate_name(kind, name); !valid) {
    return core::fail(ErrorCategory::kInvalidInput, source + ": " + valid.error().message +
                                                        (request.name.empty() ? " (from the CSR's CN; "
                                                                                "choose one with --name)"
                                                                              : ""));
  }
  auto extra = parse_subject_alt_names(request.subject_alt_names);
  if (!extra) {
    return core::Unexpected{extra.error()};
  }

  CertDirectory directory{CertLayout(settings_.directory)};
  // A key already here under this name must be the CSR's key, or the pair on disk would not match.
  auto key_path = directory.layout().key_path(kind, name);
  if (std::filesystem::exists(key_path)) {
    auto existing = directory.load_key(kind, name);
    if (!existing) {
      return core::Unexpected{existing.error()};
    }
    if (EVP_PKEY_eq(existing->get(), contents->public_key.get()) != 1) {
      return core::fail(ErrorCategory::kConflict, directory.display(key_path) +
                                                      " exists and is not the key of " + source +
                                                      "; remove it or sign under another --name");
    }
  }

  IssuePlan plan;
  plan.kind = kind;
  plan.name = name;
  plan.spec.profile = kind == CertKind::kHost ? CertProfile::kServer : CertProfile::kClient;
  plan.spec.common_name = name;
  std::vector<SubjectAltName> names;
  if (kind == CertKind::kHost) {
    names.push_back(subject_alt_name_for_host(name));
  }
  names = merge_subject_alt_names(merge_subject_alt_names(names, contents->subject_alt_names), *extra);
  plan.spec.subject_alt_names = names;
  plan.spec.not_before = now();
  plan.spec.days = request.days;
  plan.sign_as = request.sign_as;
  plan.existing_key = contents->public_key.get();
  plan.force = request.force;
  return issue_certificate(directory, plan, now());
}

}  // namespace opsdeck::certs
