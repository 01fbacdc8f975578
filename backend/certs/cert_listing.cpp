// The directory listing behind `certs list` and the Certificates view.
#include "backend/certs/cert_listing.hpp"

#include "backend/certs/cert_inspection.hpp"
#include "backend/certs/pem_codec.hpp"
#include "backend/certs/revocation_list.hpp"
#include "backend/certs/x509_fields.hpp"

namespace opsdeck::certs {

RevocationIndex RevocationIndex::load(const CertDirectory& directory, std::vector<ListingProblem>* problems) {
  RevocationIndex index;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory.layout().crl_directory(), error)) {
    if (entry.path().extension() != ".crl" || entry.path().filename().string().starts_with(".")) {
      continue;
    }
    auto text = read_small_file(entry.path(), directory.display(entry.path()), 64 << 20);
    auto crl = text ? crl_from_pem(*text, directory.display(entry.path()))
                    : core::Result<X509CrlPtr>(core::Unexpected{text.error()});
    if (!crl) {
      if (problems != nullptr) {
        problems->push_back({entry.path(), crl.error().message});
      }
      continue;
    }
    std::string issuer = one_line(X509_CRL_get_issuer(crl->get()));
    for (const auto& revoked : revoked_entries(crl->get())) {
      index.revoked_[{issuer, revoked.serial_hex}] = revoked.revoked_at;
    }
  }
  return index;
}

std::optional<std::int64_t> RevocationIndex::revoked_at(const std::string& issuer,
                                                        const std::string& serial) const {
  auto found = revoked_.find({issuer, serial});
  if (found == revoked_.end()) {
    return std::nullopt;
  }
  return found->second;
}

CertificateInfo describe_entry(const CertDirectory& directory, CertKind kind, const std::string& name,
                               X509* certificate, const RevocationIndex& revocations, bool with_text) {
  CertificateInfo info = inspect_certificate(certificate);
  info.kind = kind;
  info.name = name;
  info.certificate_path = directory.layout().certificate_path(kind, name);
  std::error_code error;
  info.has_key = std::filesystem::exists(directory.layout().key_path(kind, name), error);
  if (auto when = revocations.revoked_at(info.issuer, info.serial)) {
    info.revoked = true;
    info.revoked_at = *when;
  }
  if (with_text) {
    info.decoded_text = decoded_text(certificate);
  }
  return info;
}

CertsSnapshot list_directory(const CertDirectory& directory, std::int64_t now, bool with_text) {
  CertsSnapshot snapshot;
  snapshot.directory = directory.layout().root();
  snapshot.taken_at = now;
  snapshot.loaded = true;
  std::error_code error;
  if (!std::filesystem::exists(directory.layout().root(), error)) {
    return snapshot;
  }
  if (!std::filesystem::is_directory(directory.layout().root(), error)) {
    snapshot.error = directory.layout().root().string() + " is not a directory";
    return snapshot;
  }
  RevocationIndex revocations = RevocationIndex::load(directory, &snapshot.problems);
  for (CertKind kind : {CertKind::kCa, CertKind::kHost, CertKind::kUser}) {
    for (const auto& name : directory.names(kind)) {
      auto certificate = directory.load_certificate(kind, name);
      if (!certificate) {
        snapshot.problems.push_back(
            {directory.layout().certificate_path(kind, name), certificate.error().message});
        continue;
      }
      snapshot.certificates.push_back(
          describe_entry(directory, kind, name, certificate->get(), revocations, with_text));
    }
    if (kind == CertKind::kCa) {
      continue;
    }
    for (const auto& name : directory.names(kind, ".csr")) {
      if (!std::filesystem::exists(directory.layout().certificate_path(kind, name), error)) {
        snapshot.pending.push_back({kind, name, directory.layout().csr_path(kind, name)});
      }
    }
  }
  return snapshot;
}

}  // namespace opsdeck::certs
