// CertsEngine: CAs, server and client certificates, listing and inspection. CSRs, import, export,
// revocation and renewal live in their own certs_engine_*.cpp files.
#include "backend/certs/certs_engine.hpp"

#include <chrono>

#include "backend/certs/cert_listing.hpp"
#include "backend/certs/certificate_issuer.hpp"
#include "backend/certs/x509_fields.hpp"

namespace opsdeck::certs {

using core::ErrorCategory;

namespace {

// What every new certificate's plan shares; each create_* then adds what is particular to its kind.
template <typename Request>
IssuePlan base_plan(const Request& request, CertKind kind, CertProfile profile, const std::string& name,
                    std::int64_t now) {
  IssuePlan plan;
  plan.kind = kind;
  plan.name = name;
  plan.spec.profile = profile;
  plan.spec.common_name = name;
  plan.spec.not_before = now;
  plan.spec.days = request.days;
  plan.sign_as = request.sign_as;
  plan.new_key_algorithm = request.key_algorithm;
  plan.force = request.force;
  return plan;
}

}  // namespace

CertsEngine::CertsEngine(CertsSettings settings) : settings_(std::move(settings)) {
}

std::int64_t CertsEngine::now() const {
  if (settings_.clock) {
    return settings_.clock();
  }
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

core::Result<CertsOutcome> CertsEngine::create_ca(const CaRequest& request) {
  CertDirectory directory{CertLayout(settings_.directory)};
  OPSDECK_TRY(validate_ca_name(request.name));
  IssuePlan plan = base_plan(request, CertKind::kCa, CertProfile::kCa, request.name, now());
  plan.write_crl = true;
  if (request.path_length && *request.path_length < 0) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "--pathlen " + std::to_string(*request.path_length) + ": expected 0 or more");
  }
  plan.spec.path_length = request.path_length;
  if (!request.sign_as.empty()) {
    if (request.sign_as == request.name) {
      return core::fail(
          ErrorCategory::kInvalidInput,
          "CA \"" + request.name + "\" cannot sign itself as an intermediate; drop --signas for a root");
    }
    // The parent's pathlen decides what the intermediate may get; checked before anything is written.
    auto parent = directory.load_signing_authority(request.sign_as, now());
    if (!parent) {
      return core::Unexpected{parent.error()};
    }
    auto length = intermediate_path_length(parent->certificate.get(), request.sign_as, request.path_length);
    if (!length) {
      return core::Unexpected{length.error()};
    }
    plan.spec.path_length = *length;
  }
  return issue_certificate(directory, plan, now());
}

core::Result<CertsOutcome> CertsEngine::create_server(const ServerRequest& request) {
  OPSDECK_TRY(validate_host_name(request.host));
  auto extra = parse_subject_alt_names(request.subject_alt_names);
  if (!extra) {
    return core::Unexpected{extra.error()};
  }
  IssuePlan plan = base_plan(request, CertKind::kHost, CertProfile::kServer, request.host, now());
  plan.spec.subject_alt_names = merge_subject_alt_names({subject_alt_name_for_host(request.host)}, *extra);
  return issue_certificate(CertDirectory(CertLayout(settings_.directory)), plan, now());
}

core::Result<CertsOutcome> CertsEngine::create_client(const ClientRequest& request) {
  OPSDECK_TRY(validate_user_name(request.user));
  IssuePlan plan = base_plan(request, CertKind::kUser, CertProfile::kClient, request.user, now());
  return issue_certificate(CertDirectory(CertLayout(settings_.directory)), plan, now());
}

core::Result<CertificateInfo> CertsEngine::inspect(const InspectRequest& request) const {
  CertDirectory directory{CertLayout(settings_.directory)};
  auto found = directory.find_certificate(request.name, request.kind);
  if (!found) {
    return core::Unexpected{found.error()};
  }
  RevocationIndex revocations = RevocationIndex::load(directory, nullptr);
  return describe_entry(directory, found->kind, found->name, found->certificate.get(), revocations, true);
}

core::Result<CertsSnapshot> CertsEngine::list(bool with_text) const {
  CertsSnapshot snapshot = list_directory(CertDirectory(CertLayout(settings_.directory)), now(), with_text);
  if (!snapshot.error.empty()) {
    return core::fail(ErrorCategory::kIo, snapshot.error);
  }
  return snapshot;
}

namespace {

constexpr std::int64_t kRenewWithinSeconds = 30 * 86400;

}  // namespace

core::Result<TlsFiles> CertsEngine::ensure_server_tls(const std::string& ca_name, const std::string& host,
                                                      const std::vector<std::string>& subject_alt_names) {
  CertLayout layout(settings_.directory);
  if (!std::filesystem::exists(layout.certificate_path(CertKind::kCa, ca_name))) {
    auto created = create_ca({ca_name, "", std::nullopt, kDefaultCaDays, KeyAlgorithm::kEcdsaP256, false});
    if (!created) {
      return core::Unexpected{created.error()};
    }
  }
  auto existing = inspect({host, CertKind::kHost});
  if (!existing) {
    auto created =
        create_server({host, ca_name, subject_alt_names, kDefaultLeafDays, KeyAlgorithm::kEcdsaP256, false});
    if (!created) {
      return core::Unexpected{created.error()};
    }
  } else if (existing->not_after - now() < kRenewWithinSeconds || existing->revoked) {
    auto created =
        create_server({host, ca_name, subject_alt_names, kDefaultLeafDays, KeyAlgorithm::kEcdsaP256, true});
    if (!created) {
      return core::Unexpected{created.error()};
    }
  }
  return TlsFiles{layout.certificate_path(CertKind::kCa, ca_name),
                  layout.certificate_path(CertKind::kHost, host), layout.key_path(CertKind::kHost, host)};
}

core::Result<TlsFiles> CertsEngine::ensure_client_tls(const std::string& ca_name, const std::string& user) {
  CertLayout layout(settings_.directory);
  auto existing = inspect({user, CertKind::kUser});
  if (!existing || existing->not_after - now() < kRenewWithinSeconds || existing->revoked) {
    auto created = create_client({user, ca_name, kDefaultLeafDays, KeyAlgorithm::kEcdsaP256, existing.ok()});
    if (!created) {
      return core::Unexpected{created.error()};
    }
  }
  return TlsFiles{layout.certificate_path(CertKind::kCa, ca_name),
                  layout.certificate_path(CertKind::kUser, user), layout.key_path(CertKind::kUser, user)};
}

}  // namespace opsdeck::certs
