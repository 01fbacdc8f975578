// Certificate signing requests: building one for a key we keep (`certs csr`), and reading one an outsider
// sent us (`certs sign`), with its self-signature checked before anything is trusted from it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backend/certs/openssl_handles.hpp"
#include "backend/certs/subject_alt_name.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::certs {

core::Result<X509RequestPtr> build_request(const std::string& common_name,
                                           const std::vector<SubjectAltName>& subject_alt_names,
                                           EVP_PKEY* key);

struct RequestContents {
  std::string common_name;
  std::vector<SubjectAltName> subject_alt_names;  // as requested (extensionRequest), may be empty
  PkeyPtr public_key;
};

// kInvalidInput naming `source` when the signature does not verify or the CN is missing.
core::Result<RequestContents> read_request(X509_REQ* request, std::string_view source);

}  // namespace opsdeck::certs
