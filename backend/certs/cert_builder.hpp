// Building and signing X.509 v3 certificates: subject CN, random 128-bit serial, validity, and the
// extensions each profile needs (basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, SKI, AKI).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backend/certs/openssl_handles.hpp"
#include "backend/certs/subject_alt_name.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::certs {

enum class CertProfile { kCa, kServer, kClient };

struct CertificateSpec {
  CertProfile profile = CertProfile::kServer;
  std::string common_name;
  std::vector<SubjectAltName> subject_alt_names;
  std::int64_t not_before = 0;     // unix seconds
  int days = 0;                    // validity from not_before
  std::optional<int> path_length;  // CA only; nullopt = unlimited
};

// Who signs. A null certificate means self-signed: `key` must then be the subject's own key.
struct SigningAuthority {
  X509* certificate = nullptr;
  EVP_PKEY* key = nullptr;
};

core::Result<X509Ptr> build_certificate(const CertificateSpec& spec, EVP_PKEY* subject_key,
                                        const SigningAuthority& issuer);

// A positive random serial of 128 bits (top bit cleared so the DER integer stays 16 bytes and positive).
core::Result<Asn1IntegerPtr> random_serial();

// subjectAltName as an extension, for certificates and CSRs alike; an empty list is an error.
core::Result<X509ExtensionPtr> make_subject_alt_name_extension(const std::vector<SubjectAltName>& names);

// Signs with the digest the key type wants (none for Ed25519).
core::Status sign_certificate(X509* certificate, EVP_PKEY* key);

}  // namespace opsdeck::certs
