// PEM (and DER) in and out of memory for keys, certificates, CSRs and CRLs. Readers take the text and a
// source name used in errors ("hosts/db.key: not a PEM private key"), so every failure names its input.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "backend/certs/openssl_handles.hpp"
#include "backend/core/result.hpp"
#include "backend/core/secret.hpp"

namespace opsdeck::certs {

// Reads a whole (small) file; kNotFound when it does not exist, kInvalidInput when larger than `limit`.
core::Result<std::string> read_small_file(const std::filesystem::path& path, std::string_view display_name,
                                          std::size_t limit = 1 << 20);

std::string to_pem(X509* certificate);
std::string to_pem(X509_REQ* request);
std::string to_pem(X509_CRL* crl);
// PKCS#8, unencrypted: the file mode protects it, as easycert does.
std::string private_key_to_pem(EVP_PKEY* key);

core::Result<X509Ptr> certificate_from_pem(std::string_view text, std::string_view source);
// Every certificate in a PEM bundle, in order; an error when there is none.
core::Result<std::vector<X509Ptr>> certificates_from_pem(std::string_view text, std::string_view source);
// A certificate in PEM or DER.
core::Result<X509Ptr> certificate_from_bytes(std::string_view bytes, std::string_view source);
// An encrypted key needs `passphrase`; a wrong one is kInvalidInput "wrong passphrase".
core::Result<PkeyPtr> private_key_from_pem(std::string_view text, std::string_view source,
                                           const core::Secret& passphrase = core::Secret());
// A CSR in PEM or DER.
core::Result<X509RequestPtr> request_from_bytes(std::string_view bytes, std::string_view source);
core::Result<X509CrlPtr> crl_from_pem(std::string_view text, std::string_view source);

bool looks_like_pem(std::string_view text);
bool pem_contains(std::string_view text, std::string_view label);  // "PRIVATE KEY", "CERTIFICATE", ...

}  // namespace opsdeck::certs
