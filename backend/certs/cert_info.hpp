// What opsdeck knows about one certificate in the directory, decoded once by the engine so the CLI and the
// console never touch OpenSSL. Plain values only: this header is part of the snapshot views read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/certs/cert_name.hpp"

namespace opsdeck::certs {

enum class CertStatus { kValid, kNotYetValid, kExpired, kRevoked };
std::string_view to_string(CertStatus status);  // "valid", "not yet valid", "expired", "revoked"

struct CertificateInfo {
  CertKind kind = CertKind::kHost;
  std::string name;  // the file stem: "ops-root", "db.example.com", "alice@db.example.com"
  std::filesystem::path certificate_path;
  std::string subject;  // RFC 2253: "CN=db.example.com"
  std::string issuer;
  std::string serial;           // upper-case hex
  std::int64_t not_before = 0;  // unix seconds
  std::int64_t not_after = 0;   // unix seconds
  bool is_ca = false;
  bool self_signed = false;
  std::optional<int> path_length;               // CA only; nullopt = unlimited
  std::vector<std::string> subject_alt_names;   // "DNS:db.example.com", "IP:10.0.0.5"
  std::vector<std::string> key_usage;           // "digitalSignature", "keyCertSign", ...
  std::vector<std::string> extended_key_usage;  // "serverAuth", "clientAuth"
  std::string key_type;                         // "ECDSA P-256"
  std::string signature_algorithm;              // "ecdsa-with-SHA256"
  std::string sha256_fingerprint;               // "AB:CD:..."
  bool has_key = false;                         // the matching .key is in the directory
  bool revoked = false;                         // listed in its issuer's CRL under crls/
  std::int64_t revoked_at = 0;
  std::string decoded_text;  // `openssl x509 -text` style; filled only when asked for (inspect, console)

  // Days until not_after, partial days counted (rounded away from zero); 0 at the instant of expiry,
  // negative after it.
  std::int64_t days_left(std::int64_t now) const;
  CertStatus status(std::int64_t now) const;
};

}  // namespace opsdeck::certs
