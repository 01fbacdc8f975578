// Decoding a certificate into CertificateInfo (for list, inspect and the console) and into the full
// `openssl x509 -text` style text for the detail pane.
#pragma once

#include <string>

#include "backend/certs/cert_info.hpp"
#include "backend/certs/openssl_handles.hpp"

namespace opsdeck::certs {

// Every field except kind, name, paths, has_key and revoked, which depend on where the file lives.
CertificateInfo inspect_certificate(X509* certificate);
std::string decoded_text(X509* certificate);

}  // namespace opsdeck::certs
