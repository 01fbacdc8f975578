// Key generation with OpenSSL 3's one-call EVP_PKEY_Q_keygen.
#include "backend/certs/key_generation.hpp"

#include <openssl/core_names.h>

namespace opsdeck::certs {

core::Result<PkeyPtr> generate_key(KeyAlgorithm algorithm) {
  EVP_PKEY* key = nullptr;
  switch (algorithm) {
    case KeyAlgorithm::kEcdsaP256:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case KeyAlgorithm::kRsa2048:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
      break;
    case KeyAlgorithm::kRsa3072:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(3072));
      break;
    case KeyAlgorithm::kRsa4096:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(4096));
      break;
    case KeyAlgorithm::kEd25519:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  if (key == nullptr) {
    return core::fail(
        core::ErrorCategory::kInternal,
        with_openssl_reason("could not generate a " + std::string(describe(algorithm)) + " key"));
  }
  return PkeyPtr(key);
}

const EVP_MD* signing_digest(const EVP_PKEY* key) {
  int id = EVP_PKEY_get_base_id(key);
  if (id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448) {
    return nullptr;
  }
  return EVP_sha256();
}

namespace {

std::string curve_name(const EVP_PKEY* key) {
  char name[80] = {};
  size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) != 1) {
    return "";
  }
  return std::string(name, length);
}

}  // namespace

std::optional<KeyAlgorithm> key_algorithm_of(const EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC:
      if (curve_name(key) == "prime256v1" || curve_name(key) == "P-256") {
        return KeyAlgorithm::kEcdsaP256;
      }
      return std::nullopt;
    case EVP_PKEY_RSA:
      switch (EVP_PKEY_get_bits(key)) {
        case 2048:
          return KeyAlgorithm::kRsa2048;
        case 3072:
          return KeyAlgorithm::kRsa3072;
        case 4096:
          return KeyAlgorithm::kRsa4096;
        default:
          return std::nullopt;
      }
    case EVP_PKEY_ED25519:
      return KeyAlgorithm::kEd25519;
    default:
      return std::nullopt;
  }
}

std::string describe_key(const EVP_PKEY* key) {
  if (auto known = key_algorithm_of(key)) {
    return std::string(describe(*known));
  }
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC:
      return "EC " + curve_name(key);
    case EVP_PKEY_RSA:
      return "RSA " + std::to_string(EVP_PKEY_get_bits(key));
    case EVP_PKEY_ED448:
      return "Ed448";
    default: {
      const char* name = OBJ_nid2sn(EVP_PKEY_get_base_id(key));
      return name != nullptr ? name : "unknown key type";
    }
  }
}

}  // namespace opsdeck::certs
