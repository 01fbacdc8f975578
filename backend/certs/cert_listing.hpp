// Listing the certificate directory: every certificate decoded, whether its key is here, whether its
// issuer's CRL revokes it, CSRs still waiting for their certificate, and files that could not be read.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "backend/certs/cert_directory.hpp"
#include "backend/certs/certs_snapshot.hpp"

namespace opsdeck::certs {

// Every revoked serial in crls/, by issuer name. Signatures are not checked: this is for display; the
// verifier that matters (a TLS peer with -crl_check) checks them itself.
class RevocationIndex {
 public:
  static RevocationIndex load(const CertDirectory& directory, std::vector<ListingProblem>* problems);
  // The revocation time, or nullopt when not revoked.
  std::optional<std::int64_t> revoked_at(const std::string& issuer, const std::string& serial) const;

 private:
  std::map<std::pair<std::string, std::string>, std::int64_t> revoked_;
};

// The entry for one loaded certificate: decoded fields plus where it lives.
CertificateInfo describe_entry(const CertDirectory& directory, CertKind kind, const std::string& name,
                               X509* certificate, const RevocationIndex& revocations, bool with_text);

CertsSnapshot list_directory(const CertDirectory& directory, std::int64_t now, bool with_text);

}  // namespace opsdeck::certs
