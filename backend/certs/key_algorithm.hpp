// The key types a certificate may have: ECDSA P-256 (the default: small, fast, supported everywhere that
// matters), RSA 2048/3072/4096 for old clients, Ed25519. OpenSSL-free so the CLI and forms can parse it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"

namespace opsdeck::certs {

enum class KeyAlgorithm { kEcdsaP256, kRsa2048, kRsa3072, kRsa4096, kEd25519 };

// "ec", "ecdsa", "p256", "ec-p256" | "rsa" (= 2048), "rsa2048", "rsa:3072", "rsa-4096" | "ed25519".
core::Result<KeyAlgorithm> parse_key_algorithm(std::string_view text);
// The canonical option spelling: "ec-p256", "rsa2048", "rsa3072", "rsa4096", "ed25519".
std::string_view to_string(KeyAlgorithm algorithm);
// For a person: "ECDSA P-256", "RSA 2048", "Ed25519".
std::string_view describe(KeyAlgorithm algorithm);
std::vector<KeyAlgorithm> all_key_algorithms();

}  // namespace opsdeck::certs
