// Names of key algorithms, both ways.
#include "backend/certs/key_algorithm.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::certs {

std::vector<KeyAlgorithm> all_key_algorithms() {
  return {KeyAlgorithm::kEcdsaP256, KeyAlgorithm::kRsa2048, KeyAlgorithm::kRsa3072, KeyAlgorithm::kRsa4096,
          KeyAlgorithm::kEd25519};
}

std::string_view to_string(KeyAlgorithm algorithm) {
  switch (algorithm) {
    case KeyAlgorithm::kEcdsaP256:
      return "ec-p256";
    case KeyAlgorithm::kRsa2048:
      return "rsa2048";
    case KeyAlgorithm::kRsa3072:
      return "rsa3072";
    case KeyAlgorithm::kRsa4096:
      return "rsa4096";
    case KeyAlgorithm::kEd25519:
      return "ed25519";
  }
  return "?";
}

std::string_view describe(KeyAlgorithm algorithm) {
  switch (algorithm) {
    case KeyAlgorithm::kEcdsaP256:
      return "ECDSA P-256";
    case KeyAlgorithm::kRsa2048:
      return "RSA 2048";
    case KeyAlgorithm::kRsa3072:
      return "RSA 3072";
    case KeyAlgorithm::kRsa4096:
      return "RSA 4096";
    case KeyAlgorithm::kEd25519:
      return "Ed25519";
  }
  return "?";
}

core::Result<KeyAlgorithm> parse_key_algorithm(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (c != '-' && c != ':' && c != '_') {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (key == "ec" || key == "ecdsa" || key == "p256" || key == "ecp256" || key == "ecdsap256" ||
      key == "prime256v1") {
    return KeyAlgorithm::kEcdsaP256;
  }
  if (key == "rsa" || key == "rsa2048") {
    return KeyAlgorithm::kRsa2048;
  }
  if (key == "rsa3072") {
    return KeyAlgorithm::kRsa3072;
  }
  if (key == "rsa4096") {
    return KeyAlgorithm::kRsa4096;
  }
  if (key == "ed25519") {
    return KeyAlgorithm::kEd25519;
  }
  return core::fail(
      core::ErrorCategory::kInvalidInput,
      "key type \"" + std::string(text) + "\": expected ec-p256, rsa2048, rsa3072, rsa4096 or ed25519");
}

}  // namespace opsdeck::certs
