// Private keys: generation (EVP_PKEY_Q_keygen), the digest each key type signs with, and what a loaded key
// is ("ECDSA P-256"), so a renewal with a new key keeps the old key's type.
#pragma once

#include <optional>
#include <string>

#include "backend/certs/key_algorithm.hpp"
#include "backend/certs/openssl_handles.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::certs {

core::Result<PkeyPtr> generate_key(KeyAlgorithm algorithm);

// The digest to sign with: SHA-256 for ECDSA and RSA; none for Ed25519, which hashes internally.
const EVP_MD* signing_digest(const EVP_PKEY* key);

// The algorithm of an existing key when it is one we generate; nullopt for others (P-384, RSA 1024, ...).
std::optional<KeyAlgorithm> key_algorithm_of(const EVP_PKEY* key);
// "ECDSA P-256", "RSA 2048", "Ed25519", "EC secp384r1", "RSA 1024": any key, for listing and inspection.
std::string describe_key(const EVP_PKEY* key);

}  // namespace opsdeck::certs
