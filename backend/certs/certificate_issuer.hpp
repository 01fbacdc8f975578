// The one path every new certificate takes (ca, server, client, sign, renew): check the targets, load the
// signing CA, generate the key, build and sign the certificate, then write key, certificate (and a CA's
// first CRL) together. Internal to the engine; the facade fills an IssuePlan from its request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/certs/cert_builder.hpp"
#include "backend/certs/cert_directory.hpp"
#include "backend/certs/certs_engine.hpp"
#include "backend/certs/revocation_list.hpp"

namespace opsdeck::certs {

struct IssuePlan {
  CertKind kind = CertKind::kHost;
  std::string name;
  CertificateSpec spec;
  std::string sign_as;                            // empty = self-signed (CAs only)
  std::optional<KeyAlgorithm> new_key_algorithm;  // generate (and write) a key of this type
  EVP_PKEY* existing_key = nullptr;               // or certify this key; its file is left alone
  bool force = false;
  bool replace_certificate = false;  // renewals replace on purpose
  bool replace_key = false;
  bool write_crl = false;                 // a new CA starts with an empty CRL under crls/
  std::vector<RevokedEntry> crl_entries;  // a CA renewed with a new key keeps its revocations
  std::int64_t crl_number = 1;
};

core::Result<CertsOutcome> issue_certificate(const CertDirectory& directory, const IssuePlan& plan,
                                             std::int64_t now);

// 1..kMaxDays, else kInvalidInput naming the flag.
core::Status validate_days(int days);

// For an intermediate: the path length it gets under `parent`, or why the parent cannot sign a CA.
core::Result<std::optional<int>> intermediate_path_length(X509* parent, std::string_view parent_name,
                                                          std::optional<int> requested);

}  // namespace opsdeck::certs
